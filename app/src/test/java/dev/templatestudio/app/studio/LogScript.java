package dev.templatestudio.app.studio;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.EventLog;
import dev.templatestudio.bridge.build.SecretMasker;

/**
 * Writes a build's events into a real {@link EventLog} for log tests: a start and steps that each
 * run (header, output lines, DONE). No end: a log followed without a started build has no
 * history entry to end.
 */
public final class LogScript {
  private final EventLog log = new EventLog("b", SecretMasker.none());
  private final int steps;

  /** A build of {@code steps} steps, started. */
  public LogScript(int steps) {
    this.steps = steps;
    log.append(BuildEvent.of(BuildEvent.BUILD_START).steps(steps).build());
  }

  public EventLog log() {
    return log;
  }

  /** Step {@code step} runs {@code command} and prints {@code lines}, one event each. */
  public LogScript step(int step, String command, String... lines) {
    return begin(step, command).output(step, lines).finish(step);
  }

  /** Step {@code step} starts running {@code command}: a cache miss. */
  public LogScript begin(int step, String command) {
    log.append(BuildEvent.of(BuildEvent.STEP_START).step(step).steps(steps).message(command).build());
    log.append(BuildEvent.of(BuildEvent.CACHE_MISS).step(step).reason("first build").build());
    return this;
  }

  /** Step {@code step} is done. */
  public LogScript finish(int step) {
    log.append(BuildEvent.of(BuildEvent.STEP_END).step(step).status(BuildEvent.STATUS_DONE).durationMs(100).build());
    return this;
  }

  /** More output of {@code step}, one event per line. */
  public LogScript output(int step, String... lines) {
    for (String l : lines) {
      log.append(BuildEvent.of(BuildEvent.LOG).step(step).stream("stdout").message(l).build());
    }
    return this;
  }
}
