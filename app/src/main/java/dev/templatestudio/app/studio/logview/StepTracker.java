package dev.templatestudio.app.studio.logview;

import dev.templatestudio.bridge.build.BuildEvent;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The per-step bookkeeping of a build (badges, progress, "step 3 of 9"), kept off the FX
 * thread: it takes in every event and remembers only the latest state of each step that
 * changed since the view last asked ({@link #take}). Not thread-safe: {@link LogIngest}
 * guards it.
 */
final class StepTracker {
  private final Map<Integer, StepProgress> steps = new HashMap<>();
  private final Map<Integer, StepProgress> changed = new LinkedHashMap<>();
  /** A build stage's steps, apart: their numbers are the stage's own and must not touch the final stage's cards. */
  private final Map<StageStep, StepProgress> stageSteps = new HashMap<>();
  private final Map<StageStep, StepProgress> stageChanged = new LinkedHashMap<>();
  private int totalParts;
  private int finishedParts;
  private Double progress;
  private String progressText;
  private BuildEvent end;

  /** Starts a build of {@code parts} parts, all queued. */
  void reset(int parts) {
    steps.clear();
    changed.clear();
    stageSteps.clear();
    stageChanged.clear();
    totalParts = parts;
    finishedParts = 0;
    progress = null;
    progressText = null;
    end = null;
    for (int i = 0; i < parts; i++) {
      steps.put(i, StepProgress.QUEUED);
    }
  }

  void apply(BuildEvent e, long now) {
    if (e.stage() != null && e.step() != null) {
      applyStage(e, now);
      return;
    }
    Integer part = e.step();
    switch (e.kind()) {
      case BuildEvent.BUILD_START:
        if (e.steps() != null) {
          totalParts = Math.max(totalParts, e.steps() + 1);
        }
        progress = 0.0;
        break;
      case BuildEvent.STEP_START:
        put(part, new StepProgress(StepState.RUNNING, now, null, null));
        progressText = "step " + part + " of " + (totalParts - 1) + cachedSoFar();
        break;
      case BuildEvent.CACHE_HIT:
        put(part, new StepProgress(StepState.CACHED, now, null, null));
        break;
      case BuildEvent.CACHE_MISS:
        StepProgress p = steps.getOrDefault(part, StepProgress.QUEUED);
        put(part, new StepProgress(StepState.RUNNING, p.startedAtMillis() == 0 ? now : p.startedAtMillis(),
            null, e.reason()));
        break;
      case BuildEvent.STEP_END:
        stepEnd(part, e);
        break;
      case BuildEvent.READY:
        // The start card follows the last step; the event says how the machine became ready.
        String how = e.message() == null ? "the machine is ready" : e.message();
        put(totalParts, BuildEvent.STATUS_CACHED.equals(e.status()) ? StepProgress.readyCached(how)
            : StepProgress.ready(how));
        break;
      case BuildEvent.BUILD_END:
        buildEnd(e);
        break;
      default:
        break;
    }
  }

  /** What changed since the last call; clears it. */
  StepChanges take() {
    if (changed.isEmpty() && stageChanged.isEmpty() && progress == null && progressText == null && end == null) {
      return StepChanges.NONE;
    }
    StepChanges u = new StepChanges(changed, progress, progressText, end, hits(), totalParts, stageChanged);
    changed.clear();
    stageChanged.clear();
    progress = null;
    progressText = null;
    end = null;
    return u;
  }

  private void applyStage(BuildEvent e, long now) {
    StageStep key = new StageStep(e.stage(), e.step());
    StepProgress p = stageSteps.getOrDefault(key, StepProgress.QUEUED);
    switch (e.kind()) {
      case BuildEvent.STEP_START -> {
        putStage(key, new StepProgress(StepState.RUNNING, now, null, null));
        progressText = "stage " + e.stage() + " \u00B7 step " + e.step()
            + (e.steps() == null ? "" : " of " + e.steps());
      }
      case BuildEvent.CACHE_HIT -> putStage(key, new StepProgress(StepState.CACHED, now, null, null));
      case BuildEvent.CACHE_MISS -> putStage(key, new StepProgress(StepState.RUNNING,
          p.startedAtMillis() == 0 ? now : p.startedAtMillis(), null, e.reason()));
      case BuildEvent.STEP_END -> putStage(key, new StepProgress(endState(p, e), p.startedAtMillis(),
          e.durationMs(), p.missReason()));
      default -> { }
    }
  }

  private static StepState endState(StepProgress s, BuildEvent e) {
    if (BuildEvent.STATUS_DONE.equals(e.status())) {
      return s.state() == StepState.CACHED ? StepState.CACHED : StepState.DONE;
    }
    return BuildEvent.STATUS_CANCELLED.equals(e.status()) ? StepState.CANCELLED : StepState.FAILED;
  }

  private void putStage(StageStep key, StepProgress p) {
    stageSteps.put(key, p);
    stageChanged.put(key, p);
  }

  private void stepEnd(Integer part, BuildEvent e) {
    StepProgress s = steps.getOrDefault(part, StepProgress.QUEUED);
    StepState state = endState(s, e);
    put(part, new StepProgress(state, s.startedAtMillis(), e.durationMs(), s.missReason()));
    finishedParts++;
    progress = Math.min(1, finishedParts / (double) Math.max(1, totalParts));
  }

  private void buildEnd(BuildEvent e) {
    boolean ready = BuildEvent.STATUS_READY.equals(e.status());
    for (Map.Entry<Integer, StepProgress> s : Map.copyOf(steps).entrySet()) {
      StepProgress v = s.getValue();
      if (v.state() == StepState.QUEUED || v.state() == StepState.RUNNING) {
        put(s.getKey(), v.with(ready ? StepState.DONE
            : v.state() == StepState.RUNNING ? StepState.FAILED : StepState.SKIPPED));
      }
    }
    for (Map.Entry<StageStep, StepProgress> s : Map.copyOf(stageSteps).entrySet()) {
      if (s.getValue().state() == StepState.RUNNING) {
        putStage(s.getKey(), s.getValue().with(ready ? StepState.DONE : StepState.FAILED));
      }
    }
    if (BuildEvent.STATUS_ERROR.equals(e.status()) && !steps.isEmpty() && steps.values().stream()
        .allMatch(v -> v.state() == StepState.DONE || v.state() == StepState.CACHED)) {
      // Every step built, so the start command or ready check failed: the start card shows it.
      put(totalParts, StepProgress.failed(e.message() == null ? "the start failed" : e.message()));
    }
    if (ready) {
      progress = 1.0;
    }
    end = e;
  }

  private void put(Integer part, StepProgress p) {
    if (part == null) {
      return;
    }
    steps.put(part, p);
    changed.put(part, p);
  }

  private int hits() {
    return (int) steps.values().stream().filter(s -> s.state() == StepState.CACHED).count();
  }

  private String cachedSoFar() {
    int hits = hits();
    return hits == 0 ? "" : " \u00B7 " + hits + " cached";
  }
}
