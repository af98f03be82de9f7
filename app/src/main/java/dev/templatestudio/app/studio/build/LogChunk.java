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
  public static final class Builder implements LogSink {
    private static final Map<String, List<String>> STYLES = new ConcurrentHashMap<>();
    private final StringBuilder text = new StringBuilder();
    private final StyleSpansBuilder<Collection<String>> spans = new StyleSpansBuilder<>();
    private String runStyle = "";
    private int runLength;
    private int lines;

    @Override
    public Builder add(String s, String style) {
      if (s.isEmpty()) {
        return this;
      }
      text.append(s);
      run(style, s.length());
      return this;
    }

    /** Adds a formatted line and its newline. */
    Builder addLine(LogLine line) {
      text.append(line.text());
      for (int i = 0; i < line.lengths().length; i++) {
        run(line.styles()[i], line.lengths()[i]);
      }
      return newline();
    }

    @Override
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

    private void run(String style, int length) {
      if (length == 0) {
        return;
      }
      if (style.equals(runStyle)) {
        runLength += length;
      } else {
        flushRun();
        runStyle = style;
        runLength = length;
      }
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
