package dev.templatestudio.app.studio.build;

/**
 * The state of one step in the current or last build.
 *
 * @param startedAtMillis wall-clock start for the running badge's elapsed time; 0 when unknown
 * @param durationMs      how long the step took once it ended; null before
 * @param missReason      why the cache missed (the card's tooltip); null on a hit or before
 */
public record StepProgress(StepState state, long startedAtMillis, Long durationMs, String missReason) {

  public static final StepProgress QUEUED = new StepProgress(StepState.QUEUED, 0, null, null);

  public StepProgress with(StepState next) {
    return new StepProgress(next, startedAtMillis, durationMs, missReason);
  }
}
