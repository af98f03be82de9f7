package dev.templatestudio.app.studio.preview;

import dev.templatestudio.bridge.dockerfile.RenderedDockerfile.LineRange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.fxmisc.richtext.model.StyleSpans;

/**
 * The template's JSON as the preview shows it: highlighting (classes {@code json-key},
 * {@code json-string}, {@code json-number}, {@code json-literal}) and where each part of the
 * template landed, in the order of the Dockerfile's map, so a selected card marks its lines
 * in every format. Pure functions of the text.
 */
final class JsonPreview {
  private static final List<String> NONE = StyleRuns.NONE;
  private static final List<String> KEY = List.of("json-key");
  private static final List<String> STRING = List.of("json-string");
  private static final List<String> NUMBER = List.of("json-number");
  private static final List<String> LITERAL = List.of("json-literal");
  private static final LineRange NOWHERE = new LineRange(1, 0);

  private JsonPreview() {}

  static StyleSpans<Collection<String>> highlight(String text) {
    StyleRuns spans = new StyleRuns();
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      int end;
      List<String> style;
      if (c == '"') {
        end = stringEnd(text, i) + 1;
        style = next(text, end) == ':' ? KEY : STRING;
      } else if (c == '-' || Character.isDigit(c)) {
        end = i + 1;
        while (end < n && "0123456789.eE+-".indexOf(text.charAt(end)) >= 0) {
          end++;
        }
        style = NUMBER;
      } else if (Character.isLetter(c)) {
        end = i + 1;
        while (end < n && Character.isLetter(text.charAt(end))) {
          end++;
        }
        style = LITERAL;
      } else {
        end = i + 1;
        style = NONE;
      }
      spans.add(style, end - i);
      i = end;
    }
    return spans.create();
  }

  /**
   * The 1-based lines of the base, of each element of the top-level {@code steps} and of the
   * start, as {@code [base, step 1, …, step n, start]}; an absent part gets an empty range.
   */
  static List<LineRange> parts(String text) {
    LineRange base = NOWHERE;
    LineRange start = NOWHERE;
    List<LineRange> steps = new ArrayList<>();
    int depth = 0;
    int line = 1;
    int lastLine = 1;
    String key = null;
    int keyLine = 0;
    boolean inSteps = false;
    int elementLine = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        line++;
        continue;
      }
      if (Character.isWhitespace(c)) {
        continue;
      }
      if (inSteps && depth == 2 && elementLine == 0 && c != ',' && c != ']') {
        elementLine = line;
      }
      if (c == '"') {
        int end = stringEnd(text, i);
        if (depth == 1 && next(text, end + 1) == ':') {
          key = text.substring(i + 1, end);
          keyLine = line;
        }
        i = end;
      } else if (c == '{' || c == '[') {
        depth++;
        inSteps |= depth == 2 && c == '[' && "steps".equals(key);
      } else if (c == '}' || c == ']' || c == ',') {
        boolean closes = c != ',';
        if (inSteps && depth == 2) {
          if (elementLine > 0) {
            steps.add(new LineRange(elementLine, lastLine));
          }
          elementLine = 0;
          inSteps = !closes;
        }
        if (closes) {
          depth--;
        }
        if (depth == 1 && c == ',' || depth == 0 && closes) {
          if ("base".equals(key)) {
            base = new LineRange(keyLine, lastLine);
          } else if ("start".equals(key)) {
            start = new LineRange(keyLine, lastLine);
          }
          key = null;
        }
      }
      lastLine = line;
    }
    List<LineRange> parts = new ArrayList<>();
    parts.add(base);
    parts.addAll(steps);
    parts.add(start);
    return parts;
  }

  /** The index of the quote that closes the string opened at {@code open}, or the last index. */
  private static int stringEnd(String text, int open) {
    int j = open + 1;
    while (j < text.length() && text.charAt(j) != '"') {
      j += text.charAt(j) == '\\' ? 2 : 1;
    }
    return Math.min(j, text.length() - 1);
  }

  /** The first character from {@code from} on that is not a space; 0 at the end. */
  private static char next(String text, int from) {
    for (int j = from; j < text.length(); j++) {
      if (!Character.isWhitespace(text.charAt(j))) {
        return text.charAt(j);
      }
    }
    return 0;
  }
}
