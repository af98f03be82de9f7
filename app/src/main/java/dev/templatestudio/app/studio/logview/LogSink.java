package dev.templatestudio.app.studio.logview;

/** Where {@link LogFormatter} writes styled log text: a chunk for the view, the live ring, or plain text. */
public interface LogSink {

  /** Adds text in {@code style} (space-separated classes, "" for none). */
  LogSink add(String s, String style);

  /** Ends the current line. */
  LogSink newline();

  /**
   * Ends the current line as the header of {@code step}'s section: the step's output follows
   * it and can be folded under it.
   */
  LogSink sectionHeader(int step);
}
