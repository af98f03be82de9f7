package dev.templatestudio.app.studio.logview;

/**
 * The state of one step in the current or last build.
 *
 * @param startedAtMillis wall-clock start for the running badge's elapsed time; 0 when unknown
 * @param durationMs      how long the step took once it ended; null before
 * @param missReason      why the cache missed (the card's tooltip); null on a hit or before
 * @param detail          what the start card says beyond a step's own events: why the start
 *                        command or ready check failed, or how the machine became ready; null
 *                        otherwise
 */
public record StepProgress(StepState state, long startedAtMillis, Long durationMs, String missReason,
    String detail) {

  public static final StepProgress QUEUED = new StepProgress(StepState.QUEUED, 0, null, null);

  public StepProgress(StepState state, long startedAtMillis, Long durationMs, String missReason) {
    this(state, startedAtMillis, durationMs, missReason, null);
  }

  /** A part that failed for {@code why}. */
  public static StepProgress failed(String why) {
    return new StepProgress(StepState.FAILED, 0, null, null, why);
  }

  /** The start card of a build whose machine became ready, saying how. */
  public static StepProgress ready(String how) {
    return new StepProgress(StepState.READY, 0, null, null, how);
  }

  /** The start card of a build that took the ready check from an earlier build's, saying how it passed then. */
  public static StepProgress readyCached(String how) {
    return new StepProgress(StepState.READY_CACHED, 0, null, null, how);
  }

  public StepProgress with(StepState next) {
    return new StepProgress(next, startedAtMillis, durationMs, missReason, detail);
  }
}
