package dev.templatestudio.app.studio.logview;

import java.util.function.BiConsumer;

/**
 * Splits text with ANSI SGR escape sequences ({@code ESC[...m}) into runs of plain text and
 * the style class of each run: {@code ansi-bold}, {@code ansi-fg-N} (N = 30…37, 90…97).
 * Other escape sequences are dropped. Pure and allocation-light: it runs for every log line.
 */
public final class AnsiText {
  /** The state of a run packed in an int: the foreground code (0 for none) and a bold bit. */
  private static final int FG_MASK = 0x7f;
  private static final int BOLD = 0x80;
  private static final String[] STYLES = styles();

  private AnsiText() {}

  /** True when {@code s} holds an escape character at all (the fast path skips parsing). */
  public static boolean hasEscapes(String s) {
    return s.indexOf('\u001b') >= 0;
  }

  /**
   * Calls {@code run} with each run of plain text and its style ("" for none); the runs
   * together are {@code s} without its escape sequences.
   */
  public static void split(String s, BiConsumer<String, String> run) {
    int state = 0;
    int i = 0;
    int textStart = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c != '\u001b') {
        i++;
        continue;
      }
      if (i > textStart) {
        run.accept(s.substring(textStart, i), style(state));
      }
      int end = i + 1;
      if (end < n && s.charAt(end) == '[') {
        end++;
        while (end < n && ((s.charAt(end) >= '0' && s.charAt(end) <= '9') || s.charAt(end) == ';')) {
          end++;
        }
        if (end < n && s.charAt(end) == 'm') {
          state = apply(s, i + 2, end, state);
        }
        end = Math.min(end + 1, n);
      }
      i = end;
      textStart = end;
    }
    if (n > textStart) {
      run.accept(s.substring(textStart), style(state));
    }
  }

  /** {@code s} without escape sequences. */
  public static String strip(String s) {
    if (!hasEscapes(s)) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    split(s, (text, style) -> out.append(text));
    return out.toString();
  }

  /**
   * Applies the SGR parameters between {@code from} and {@code to} (digits and ';') to the
   * packed state; parsed in place, since this runs for every escape of every log line.
   */
  private static int apply(String s, int from, int to, int state) {
    if (from == to) {
      return 0;
    }
    int fg = state & FG_MASK;
    boolean bold = (state & BOLD) != 0;
    int i = from;
    while (i <= to) {
      int code = 0;
      int digits = 0;
      while (i < to && s.charAt(i) != ';') {
        // Long digit runs are no SGR code we know; capping keeps the int from overflowing.
        code = Math.min(1000, code * 10 + (s.charAt(i) - '0'));
        digits++;
        i++;
      }
      i++;
      if (digits == 0 || code == 0) {
        fg = 0;
        bold = false;
      } else if (code == 1) {
        bold = true;
      } else if (code == 22) {
        bold = false;
      } else if ((code >= 30 && code <= 37) || (code >= 90 && code <= 97)) {
        fg = code;
      } else if (code == 39) {
        fg = 0;
      }
    }
    return fg | (bold ? BOLD : 0);
  }

  private static String style(int state) {
    return STYLES[state];
  }

  /** Every style a state can have, made once: formatting a line allocates no style strings. */
  private static String[] styles() {
    String[] out = new String[BOLD * 2];
    for (int state = 0; state < out.length; state++) {
      int fg = state & FG_MASK;
      boolean bold = (state & BOLD) != 0;
      String colour = fg == 0 ? "" : "ansi-fg-" + fg;
      out[state] = bold ? (colour.isEmpty() ? "ansi-bold" : colour + " ansi-bold") : colour;
    }
    return out;
  }
}
