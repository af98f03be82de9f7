package dev.templatestudio.app.studio.logview;

import dev.templatestudio.bridge.build.BuildEvent;
import java.util.Map;

/**
 * What changed in a build's steps since the last frame, as the log thread read it from the
 * build's events ({@link StepTracker}).
 *
 * @param steps        the latest state of each part (0 base, 1…N steps, N+1 start) that changed
 * @param progress     0…1, or null when unchanged
 * @param progressText such as "step 3 of 9 · 2 cached", or null when unchanged
 * @param end          the build's end event, or null while it runs
 * @param hits         parts that came from the cache (for the summary)
 * @param parts        parts known (base and steps)
 * @param stageSteps   the latest state of each build stage's step that changed; the final
 *                     stage's are in {@code steps}
 */
public record StepChanges(Map<Integer, StepProgress> steps, Double progress, String progressText, BuildEvent end,
    int hits, int parts, Map<StageStep, StepProgress> stageSteps) {
  /** Nothing changed. */
  public static final StepChanges NONE = new StepChanges(Map.of(), null, null, null, 0, 0, Map.of());

  public StepChanges {
    steps = Map.copyOf(steps);
    stageSteps = Map.copyOf(stageSteps);
  }

  public boolean isEmpty() {
    return steps.isEmpty() && stageSteps.isEmpty() && progress == null && progressText == null && end == null;
  }
}
