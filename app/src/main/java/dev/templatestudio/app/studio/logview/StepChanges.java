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
 */
public record StepChanges(Map<Integer, StepProgress> steps, Double progress, String progressText, BuildEvent end,
    int hits, int parts) {
  /** Nothing changed. */
  public static final StepChanges NONE = new StepChanges(Map.of(), null, null, null, 0, 0);

  public StepChanges {
    steps = Map.copyOf(steps);
  }

  public boolean isEmpty() {
    return steps.isEmpty() && progress == null && progressText == null && end == null;
  }
}
