package dev.templatestudio.bridge.embedded.image;

/**
 * What resolving an image reports while it works. Called on the resolving thread; keep it
 * quick (queue the values, do not block).
 */
public interface PullProgress {
  /** Reports nothing. */
  PullProgress NONE = new PullProgress() {};

  /** A line for a person, e.g. "pulling python:3.12 from registry-1.docker.io". */
  default void message(String text) {}

  /**
   * Bytes of one blob so far ({@code done == total} when it is complete, also when it was
   * already in the store: then {@code skipped} is true).
   */
  default void blob(String digest, long done, long total, boolean skipped) {}
}
