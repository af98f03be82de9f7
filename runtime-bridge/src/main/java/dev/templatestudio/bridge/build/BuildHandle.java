package dev.templatestudio.bridge.build;

import java.util.concurrent.CompletableFuture;

/** A running or finished build. Thread-safe. */
public interface BuildHandle {

  /** The build's id, as in every event's {@code build} field. */
  String id();

  /** The build's events, readable from any seq while and after it runs. */
  EventLog events();

  /** Completes with the {@code build-end} event (status ready, error or cancelled). */
  CompletableFuture<BuildEvent> result();

  /** Asks the build to stop; the result completes with status {@code cancelled}. */
  void cancel();
}
