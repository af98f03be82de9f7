package dev.templatestudio.app.studio.logview;

import dev.templatestudio.app.studio.common.BackgroundPriority;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The two threads behind every log view of the studio: one takes build events in
 * ({@link LogFeed}), one searches the logs ({@code FindBar}), so a long search of a big log never
 * holds up the taking in of events. The studio makes them once, hands them to each editor, and
 * shuts them down on exit; tests and benchmarks give executors of their own.
 */
public final class LogThreads implements AutoCloseable {
  private final Executor ingest;
  private final Executor search;
  private final List<ExecutorService> owned;

  private LogThreads(Executor ingest, Executor search, List<ExecutorService> owned) {
    this.ingest = ingest;
    this.search = search;
    this.owned = owned;
  }

  /** Starts two daemon threads at background priority; {@link #close} ends them. */
  public static LogThreads start() {
    ExecutorService ingest = Executors.newSingleThreadExecutor(BackgroundPriority.threads("studio-log-ingest"));
    ExecutorService search = Executors.newSingleThreadExecutor(BackgroundPriority.threads("studio-log-search"));
    return new LogThreads(ingest, search, List.of(ingest, search));
  }

  /**
   * Runs the work on the executors given (a test's own thread, say); {@link #close} leaves them
   * alone. Each must run one task at a time.
   */
  public static LogThreads on(Executor ingest, Executor search) {
    return new LogThreads(ingest, search, List.of());
  }

  /** Takes in build events for the log views. */
  Executor ingest() {
    return ingest;
  }

  /** Searches the logs. */
  Executor search() {
    return search;
  }

  /**
   * Ends the threads this made: work asked for afterwards is dropped (the studio is closing;
   * no view waits for it). Any thread.
   */
  @Override
  public void close() {
    owned.forEach(ExecutorService::shutdownNow);
  }
}
