package dev.templatestudio.app.studio.build;

import java.util.function.BiConsumer;

/**
 * Splits text with ANSI SGR escape sequences ({@code ESC[...m}) into runs of plain text and
 * the style class of each run: {@code ansi-bold}, {@code ansi-fg-N} (N = 30…37, 90…97).
 * Other escape sequences are dropped. Pure and allocation-light: it runs for every log line.
 */
public final class AnsiText {
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
    int fg = 0;
    boolean bold = false;
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
        run.accept(s.substring(textStart, i), style(fg, bold));
      }
      int end = i + 1;
      if (end < n && s.charAt(end) == '[') {
        end++;
        while (end < n && (Character.isDigit(s.charAt(end)) || s.charAt(end) == ';')) {
          end++;
        }
        if (end < n && s.charAt(end) == 'm') {
          int[] state = apply(s.substring(i + 2, end), fg, bold);
          fg = state[0];
          bold = state[1] == 1;
        }
        end = Math.min(end + 1, n);
      }
      i = end;
      textStart = end;
    }
    if (n > textStart) {
      run.accept(s.substring(textStart), style(fg, bold));
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

  private static int[] apply(String params, int fg, boolean bold) {
    if (params.isEmpty()) {
      return new int[] {0, 0};
    }
    for (String p : params.split(";")) {
      int code;
      try {
        code = p.isEmpty() ? 0 : Integer.parseInt(p);
      } catch (NumberFormatException e) {
        continue;
      }
      if (code == 0) {
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
    return new int[] {fg, bold ? 1 : 0};
  }

  private static String style(int fg, boolean bold) {
    if (fg == 0) {
      return bold ? "ansi-bold" : "";
    }
    return bold ? "ansi-fg-" + fg + " ansi-bold" : "ansi-fg-" + fg;
  }
}
