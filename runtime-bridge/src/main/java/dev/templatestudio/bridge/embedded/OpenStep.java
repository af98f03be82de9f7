package dev.templatestudio.bridge.embedded;

import dev.templatestudio.bridge.build.BuildEvent;
import java.util.function.Consumer;

/**
 * Follows one build's events for the step that started and has not ended, and whether that step
 * has had its cache event yet: so a build that fails can close its open step without reading
 * its log back, which for a build of millions of output lines meant decoding all of them.
 * Fed on the log's appending thread; read on any.
 */
final class OpenStep implements Consumer<BuildEvent> {
  private volatile BuildEvent start;
  private volatile boolean announced;
  private volatile boolean anyStep;
  private final boolean stageOnly;

  /** Follows the final stage's steps: events of build stages are passed over. */
  OpenStep() {
    this(false);
  }

  /** With {@code stageOnly}, follows the steps of the one build stage it is fed the events of. */
  OpenStep(boolean stageOnly) {
    this.stageOnly = stageOnly;
  }

  @Override
  public void accept(BuildEvent e) {
    if (e.stage() != null && !stageOnly) {
      // A build stage's steps are followed by their own StageLog; this one follows the final stage's.
      return;
    }
    switch (e.kind()) {
      case BuildEvent.STEP_START -> {
        announced = false;
        start = e;
        anyStep = true;
      }
      case BuildEvent.CACHE_HIT, BuildEvent.CACHE_MISS -> announced = true;
      case BuildEvent.STEP_END -> start = null;
      default -> {
        // Other events do not open or close a step.
      }
    }
  }

  /** The {@code step-start} of the step that has not ended, or null. */
  BuildEvent start() {
    return start;
  }

  /** True when the open step has had its {@code cache-hit} or {@code cache-miss}. */
  boolean announced() {
    return announced;
  }

  /** True once any step has started. */
  boolean anyStep() {
    return anyStep;
  }
}
