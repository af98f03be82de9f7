package dev.templatestudio.app.studio.preview;

import java.util.Collection;
import java.util.List;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

/**
 * A span builder for the highlighters: merges neighbours of one style (compared by identity:
 * each highlighter keeps one list per style) and skips empty spans.
 */
final class StyleRuns {
  static final List<String> NONE = List.of();

  private final StyleSpansBuilder<Collection<String>> builder = new StyleSpansBuilder<>();
  private List<String> style = NONE;
  private int length;
  private boolean any;

  void add(List<String> s, int len) {
    if (len <= 0) {
      return;
    }
    if (s == style) {
      length += len;
      return;
    }
    flush();
    style = s;
    length = len;
  }

  void flush() {
    if (length > 0) {
      builder.add(style, length);
      any = true;
    }
    length = 0;
  }

  StyleSpans<Collection<String>> create() {
    flush();
    if (!any) {
      builder.add(NONE, 0);
    }
    return builder.create();
  }
}
