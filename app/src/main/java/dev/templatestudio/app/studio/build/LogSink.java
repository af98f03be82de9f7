package dev.templatestudio.app.studio.build;

/** Where {@link LogFormatter} writes styled log text: a chunk for the view, or the live ring. */
public interface LogSink {

  /** Adds text in {@code style} (space-separated classes, "" for none). */
  LogSink add(String s, String style);

  /** Ends the current line. */
  LogSink newline();
}
