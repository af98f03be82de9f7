package dev.templatestudio.app.studio.preview;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.fxmisc.richtext.model.StyleSpans;

/**
 * Dockerfile syntax highlighting as a pure function: text in, style spans out. Classes:
 * {@code df-keyword} (the instruction), {@code df-comment}, {@code df-string},
 * {@code df-variable} ({@code $X}, {@code ${X}}), {@code df-flag} ({@code --chown=…}).
 */
public final class DockerfileHighlighter {
  static final Set<String> INSTRUCTIONS = Set.of("FROM", "RUN", "CMD", "LABEL", "MAINTAINER",
      "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD",
      "STOPSIGNAL", "HEALTHCHECK", "SHELL");
  private static final List<String> NONE = StyleRuns.NONE;
  private static final List<String> KEYWORD = List.of("df-keyword");
  private static final List<String> COMMENT = List.of("df-comment");
  private static final List<String> STRING = List.of("df-string");
  private static final List<String> VARIABLE = List.of("df-variable");
  private static final List<String> FLAG = List.of("df-flag");

  private DockerfileHighlighter() {}

  /** The style spans of {@code text}; their total length is {@code text.length()}. */
  public static StyleSpans<Collection<String>> highlight(String text) {
    StyleRuns spans = new StyleRuns();
    boolean continued = false;
    int pos = 0;
    int n = text.length();
    while (pos < n) {
      int nl = text.indexOf('\n', pos);
      int end = nl < 0 ? n : nl;
      continued = line(text, pos, end, continued, spans);
      if (nl >= 0) {
        spans.add(NONE, 1);
      }
      pos = end + 1;
    }
    return spans.create();
  }

  /** Styles one line; returns whether the next line continues this instruction. */
  private static boolean line(String text, int start, int end, boolean continued, StyleRuns spans) {
    int i = start;
    while (i < end && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    spans.add(NONE, i - start);
    if (i < end && text.charAt(i) == '#') {
      spans.add(COMMENT, end - i);
      return continued;
    }
    if (!continued) {
      int w = i;
      while (w < end && Character.isLetter(text.charAt(w))) {
        w++;
      }
      if (w > i && INSTRUCTIONS.contains(text.substring(i, w).toUpperCase(Locale.ROOT))) {
        spans.add(KEYWORD, w - i);
        i = w;
      }
    }
    arguments(text, i, end, spans);
    int last = end - 1;
    while (last >= start && (text.charAt(last) == ' ' || text.charAt(last) == '\t' || text.charAt(last) == '\r')) {
      last--;
    }
    return last >= start && text.charAt(last) == '\\';
  }

  private static void arguments(String text, int i, int end, StyleRuns spans) {
    int plain = i;
    while (i < end) {
      char c = text.charAt(i);
      int tokenEnd = -1;
      List<String> style = null;
      if (c == '"' || c == '\'') {
        tokenEnd = closing(text, i, end, c);
        style = STRING;
      } else if (c == '$' && i + 1 < end && (text.charAt(i + 1) == '{' || isNameChar(text.charAt(i + 1)))) {
        tokenEnd = variableEnd(text, i, end);
        style = VARIABLE;
      } else if (c == '-' && i + 1 < end && text.charAt(i + 1) == '-' && (i == 0 || text.charAt(i - 1) == ' ')) {
        tokenEnd = i;
        while (tokenEnd < end && text.charAt(tokenEnd) != ' ') {
          tokenEnd++;
        }
        style = FLAG;
      }
      if (style == null) {
        i++;
        continue;
      }
      spans.add(NONE, i - plain);
      spans.add(style, tokenEnd - i);
      i = tokenEnd;
      plain = i;
    }
    spans.add(NONE, end - plain);
  }

  private static int closing(String text, int i, int end, char quote) {
    int j = i + 1;
    while (j < end && text.charAt(j) != quote) {
      j += text.charAt(j) == '\\' ? 2 : 1;
    }
    return Math.min(j + 1, end);
  }

  private static int variableEnd(String text, int i, int end) {
    if (text.charAt(i + 1) == '{') {
      int close = text.indexOf('}', i + 2);
      return close < 0 || close >= end ? end : close + 1;
    }
    int j = i + 1;
    while (j < end && isNameChar(text.charAt(j))) {
      j++;
    }
    return j;
  }

  private static boolean isNameChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
