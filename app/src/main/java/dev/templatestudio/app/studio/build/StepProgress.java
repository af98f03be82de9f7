package dev.templatestudio.app.studio.build;

/**
 * The state of one step in the current or last build.
 *
 * @param startedAtMillis wall-clock start for the running badge's elapsed time; 0 when unknown
 * @param durationMs      how long the step took once it ended; null before
 * @param missReason      why the cache missed (the card's tooltip); null on a hit or before
 * @param failure         why the part failed, for a failure not told by a step's own events
 *                        (the start command or ready check); null otherwise
 */
public record StepProgress(StepState state, long startedAtMillis, Long durationMs, String missReason,
    String failure) {

  public static final StepProgress QUEUED = new StepProgress(StepState.QUEUED, 0, null, null);

  public StepProgress(StepState state, long startedAtMillis, Long durationMs, String missReason) {
    this(state, startedAtMillis, durationMs, missReason, null);
  }

  /** A part that failed for {@code why}. */
  public static StepProgress failed(String why) {
    return new StepProgress(StepState.FAILED, 0, null, null, why);
  }

  public StepProgress with(StepState next) {
    return new StepProgress(next, startedAtMillis, durationMs, missReason, failure);
  }
}
