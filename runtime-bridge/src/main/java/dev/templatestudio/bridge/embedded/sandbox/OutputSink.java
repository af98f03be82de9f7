package dev.templatestudio.bridge.embedded.sandbox;

/** Receives a sandboxed process's output, one line at a time, from its reader threads. */
@FunctionalInterface
public interface OutputSink {
  /** {@code stream} is {@code stdout} or {@code stderr}; called from reader threads. */
  void line(String stream, String text);
}
