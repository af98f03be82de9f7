package dev.templatestudio.app.studio.logview;

import dev.templatestudio.bridge.build.BuildEvent;
import java.util.List;

/** Formatted log as plain text, for copy and save: no styles, no view document. */
public final class LogText implements LogSink {
  private final StringBuilder text = new StringBuilder();

  private LogText() {}

  /** The whole log of {@code events} as text, or of one step of them ({@code step} null for all). */
  public static String of(List<BuildEvent> events, Integer step) {
    LogFormatter f = new LogFormatter();
    LogText out = new LogText();
    LogLens only = LogLens.ALL.only(step);
    for (BuildEvent e : events) {
      if (only.shows(e)) {
        f.format(e, out);
      }
    }
    return out.toString();
  }

  @Override
  public LogText add(String s, String style) {
    text.append(s);
    return this;
  }

  @Override
  public LogText newline() {
    text.append('\n');
    return this;
  }

  @Override
  public LogText sectionHeader(int step) {
    return newline();
  }

  @Override
  public String toString() {
    return text.toString();
  }
}
