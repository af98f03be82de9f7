package dev.templatestudio.bridge.build;

import java.util.concurrent.CompletableFuture;

/**
 * What every runtime's build handle has alike: its id is its event log's, and its result is
 * completed by the runtime with the {@code build-end} event. A runtime adds how to cancel.
 * Thread-safe.
 */
public abstract class LoggedBuild implements BuildHandle {
  /** The build's events; the runtime appends to it. */
  protected final EventLog log;
  /** Completed by the runtime with the {@code build-end} event. */
  protected final CompletableFuture<BuildEvent> result = new CompletableFuture<>();

  protected LoggedBuild(EventLog log) {
    this.log = log;
  }

  @Override
  public final String id() {
    return log.buildId();
  }

  @Override
  public final EventLog events() {
    return log;
  }

  @Override
  public final CompletableFuture<BuildEvent> result() {
    return result;
  }
}
