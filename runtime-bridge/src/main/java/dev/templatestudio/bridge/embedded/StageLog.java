package dev.templatestudio.bridge.embedded;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.EventLog;

/**
 * The build's event log as one stage's steps write to it: in a build stage every event gets
 * {@code "stage": NAME} (the session's shared convention, CONTRACT.md §5 as docs/ENGINE.md
 * tells it), so its {@code step} counts within the stage; the final stage's events go in as
 * they are. It follows the stage's open step ({@link #open}), so a stage that fails closes its
 * own step even while other stages run. Thread-safe, as the log is.
 */
final class StageLog {
  private final EventLog log;
  private final String stage;
  private final OpenStep open;

  StageLog(EventLog log, String stage) {
    this.log = log;
    this.stage = stage;
    this.open = new OpenStep(stage != null);
  }

  /** Null for the final stage. */
  String stage() {
    return stage;
  }

  /** Appends {@code e}, tagged with the stage; returns it as logged (stamped, secrets masked). */
  BuildEvent append(BuildEvent e) {
    BuildEvent tagged = stage == null ? e : new BuildEvent(e.seq(), e.time(), e.build(), e.kind(), e.step(),
        e.steps(), e.message(), e.cacheKey(), e.reason(), e.stream(), e.level(), e.status(), e.durationMs(),
        e.ref(), e.cacheHits(), stage);
    BuildEvent logged = log.append(tagged);
    open.accept(logged);
    return logged;
  }

  /** The stage's step that started and has not ended, as its events tell. */
  OpenStep open() {
    return open;
  }
}
