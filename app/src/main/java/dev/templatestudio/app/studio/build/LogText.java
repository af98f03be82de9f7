package dev.templatestudio.app.studio.build;

/** Formatted log as plain text, for copy and save: no styles, no view document. */
final class LogText implements LogSink {
  private final StringBuilder text = new StringBuilder();

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
