package dev.templatestudio.app.studio.build;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

/**
 * A batch of log lines and their styles, appended to the log view in one change.
 *
 * @param text  whole lines, each ending in a newline
 * @param spans the style classes of every character of {@code text}
 * @param lines how many lines {@code text} holds
 */
public record LogChunk(String text, StyleSpans<Collection<String>> spans, int lines) {

  public boolean isEmpty() {
    return lines == 0;
  }

  /** Collects lines; styles are interned lists, so a long log shares a handful of them. */
  public static final class Builder {
    private static final Map<String, List<String>> STYLES = new ConcurrentHashMap<>();
    private final StringBuilder text = new StringBuilder();
    private final StyleSpansBuilder<Collection<String>> spans = new StyleSpansBuilder<>();
    private String runStyle = "";
    private int runLength;
    private int lines;

    /** Adds text in {@code style} (space-separated classes, "" for none). */
    public Builder add(String s, String style) {
      if (s.isEmpty()) {
        return this;
      }
      text.append(s);
      if (style.equals(runStyle)) {
        runLength += s.length();
      } else {
        flushRun();
        runStyle = style;
        runLength = s.length();
      }
      return this;
    }

    /** Ends the current line. */
    public Builder newline() {
      add("\n", "");
      lines++;
      return this;
    }

    public int lines() {
      return lines;
    }

    public LogChunk build() {
      flushRun();
      if (text.length() == 0) {
        spans.add(List.of(), 0);
      }
      return new LogChunk(text.toString(), spans.create(), lines);
    }

    private void flushRun() {
      if (runLength > 0) {
        spans.add(STYLES.computeIfAbsent(runStyle, Builder::classes), runLength);
        runLength = 0;
      }
    }

    private static List<String> classes(String style) {
      return style.isEmpty() ? List.of() : List.of(style.split(" "));
    }
  }
}
