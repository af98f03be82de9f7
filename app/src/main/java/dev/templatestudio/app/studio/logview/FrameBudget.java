package dev.templatestudio.app.studio.logview;

/**
 * How many log lines one frame may format and append: grows while frames stay well inside
 * their time and shrinks when one runs long, so a fast log stream keeps the window responsive
 * on slow and fast machines alike. FX thread.
 */
public final class FrameBudget {
  static final int MIN_LINES = 100;
  static final int MAX_LINES = 5_000;
  /** A pulse's time, with its layout pass, to aim for: half a 60 Hz frame, leaving room for paint. */
  static final long TARGET_NANOS = 8_000_000L;

  private int lines = MIN_LINES;

  /** Lines the next frame may take. */
  public int lines() {
    return lines;
  }

  /** Records that a pulse with {@code appended} lines took {@code nanos}; adjusts the next frame's budget. */
  public void record(int appended, long nanos) {
    if (nanos > 2 * TARGET_NANOS) {
      lines = Math.max(MIN_LINES, lines / 2);
    } else if (nanos < TARGET_NANOS && appended >= lines) {
      lines = Math.min(MAX_LINES, lines + lines / 2);
    }
  }
}
