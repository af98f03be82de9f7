package dev.templatestudio.app.studio.logview;

import java.util.List;

/**
 * What one frame takes of a build's log, in one record: the view always holds a contiguous run
 * of the newest lines, so when new lines were skipped (or the log on show or its lens changed)
 * they {@code replace} the view, and once the stream pauses older lines are put before its first
 * line, a frame's limit at a time. {@link LogView#show} puts it all in the view.
 *
 * @param lines   new lines, oldest first
 * @param replace whether {@code lines} replace the view instead of following it
 * @param older   lines that go before the view's first line; null when none
 * @param headers folded step headers already in the view whose count of hidden lines grew, each a
 *                one-line chunk numbered as the line it replaces
 * @param skipped new lines that were not kept (the ring or the frame's limit had no room)
 * @param steps   what changed in the build's steps
 */
public record LogFrame(LogChunk lines, boolean replace, LogChunk older, List<LogChunk> headers, long skipped,
    StepChanges steps) {
  /** A frame that changes nothing. */
  public static final LogFrame NOTHING = new LogFrame(LogChunk.empty(0), false, null, List.of(), 0, StepChanges.NONE);

  public LogFrame {
    headers = List.copyOf(headers);
  }

  /** This frame, replacing the view with its lines. */
  public LogFrame replacing() {
    return new LogFrame(lines, true, older, headers, skipped, steps);
  }
}
