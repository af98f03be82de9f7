package dev.templatestudio.app.studio.logview;

/**
 * Counts the lines written to it and keeps nothing: what the log thread does with the lines of
 * events that newer ones will push out of the view anyway.
 */
final class LineCounter implements LogSink {
  long lines;

  /** Lines of a log message: one, and one more for each newline in it. */
  static long lines(String message) {
    long n = 1;
    if (message != null) {
      for (int at = message.indexOf('\n'); at >= 0; at = message.indexOf('\n', at + 1)) {
        n++;
      }
    }
    return n;
  }

  @Override
  public LogSink add(String s, String style) {
    return this;
  }

  @Override
  public LogSink newline() {
    lines++;
    return this;
  }

  @Override
  public LogSink sectionHeader(int step) {
    return newline();
  }
}
