package dev.templatestudio.app.studio.preview;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.fxmisc.richtext.model.StyleSpans;

/**
 * Highlighting of the Python preview, enough for the builder code the renderer writes: classes
 * {@code py-keyword}, {@code py-string}, {@code py-comment}, {@code py-number} and
 * {@code py-call} (a method called on the builder). Pure; any thread.
 */
final class PythonHighlighter {
  private static final Set<String> KEYWORDS = Set.of("from", "import", "as", "True", "False", "None", "def",
      "return", "if", "else", "for", "in", "with", "lambda", "and", "or", "not");
  private static final List<String> NONE = StyleRuns.NONE;
  private static final List<String> KEYWORD = List.of("py-keyword");
  private static final List<String> STRING = List.of("py-string");
  private static final List<String> COMMENT = List.of("py-comment");
  private static final List<String> NUMBER = List.of("py-number");
  private static final List<String> CALL = List.of("py-call");

  private PythonHighlighter() {}

  static StyleSpans<Collection<String>> highlight(String text) {
    StyleRuns spans = new StyleRuns();
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      int end = i + 1;
      List<String> style = NONE;
      if (c == '#') {
        end = lineEnd(text, i);
        style = COMMENT;
      } else if (c == '"' || c == '\'') {
        end = stringEnd(text, i, c);
        style = STRING;
      } else if (Character.isDigit(c) && (i == 0 || !isName(text.charAt(i - 1)))) {
        end = nameEnd(text, i);
        style = NUMBER;
      } else if (Character.isLetter(c) || c == '_') {
        end = nameEnd(text, i);
        String word = text.substring(i, end);
        if (KEYWORDS.contains(word)) {
          style = KEYWORD;
        } else if (i > 0 && text.charAt(i - 1) == '.' && end < n && text.charAt(end) == '(') {
          style = CALL;
        }
      }
      spans.add(style, end - i);
      i = end;
    }
    return spans.create();
  }

  private static int lineEnd(String text, int i) {
    int nl = text.indexOf('\n', i);
    return nl < 0 ? text.length() : nl;
  }

  /** The index after the closing quote, or the line's end for an unclosed string. */
  private static int stringEnd(String text, int open, char quote) {
    int end = lineEnd(text, open);
    int j = open + 1;
    while (j < end && text.charAt(j) != quote) {
      j += text.charAt(j) == '\\' ? 2 : 1;
    }
    return Math.min(j + 1, end);
  }

  private static int nameEnd(String text, int i) {
    int j = i;
    while (j < text.length() && isName(text.charAt(j))) {
      j++;
    }
    return j;
  }

  private static boolean isName(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
