package dev.templatestudio.bridge.build;

import java.util.List;

/**
 * What a build of a template would do with the cache, worked out without building: for the base
 * (step 0) and each step, whether it would come from the cache, and if not the miss reason the
 * build would give it, word for word. Made by {@link Runtime#predict}. Immutable.
 *
 * @param steps   the base first, then the steps in order; it ends early where the build would
 *                stop (a base that cannot be found, a step that cannot be expanded)
 * @param failure the sentence the build would fail with before or at the last of {@code steps},
 *                as far as it can be told without running anything; null when none
 */
public record CachePrediction(List<Step> steps, String failure) {
  public CachePrediction {
    steps = List.copyOf(steps);
  }

  /**
   * One step's predicted cache event.
   *
   * @param step   0 for the base, 1…N for the steps
   * @param hit    true when the step would come from the cache
   * @param reason the miss reason, as the build's {@code cache-miss} event gives it; null for a hit
   */
  public record Step(int step, boolean hit, String reason) {
    /** "hit", or the miss reason: the words a build's cache event gives. */
    public String outcome() {
      return hit ? "hit" : reason;
    }
  }

  /** The prediction of step {@code step}, or null when it has none. */
  public Step step(int step) {
    return step >= 0 && step < steps.size() ? steps.get(step) : null;
  }
}
