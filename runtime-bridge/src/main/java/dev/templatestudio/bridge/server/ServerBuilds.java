package dev.templatestudio.bridge.server;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.EventLog;
import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.build.SecretMasker;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The builds of one {@code serve}: starts them on the runtime, records each one's events and
 * status in the {@link BuildJournal} as they happen, and answers for running builds from memory
 * and for finished ones (also those of earlier runs of the server) from the journal. A build the
 * server cancels because it stops ends in error saying so ({@link #STOPPED}): to its client that
 * is a failure, not a cancel it asked for. Thread-safe.
 */
final class ServerBuilds {
  static final String STOPPED = "the server stopped while the build was running and cancelled it; "
      + "build again once the server is back";
  static final String FAILED = "the build stopped without recording how it ended; the server's log says why";

  /** Who cancelled a running build first. */
  private enum Canceller { CLIENT, SERVER }

  private final Runtime runtime;
  private final BuildJournal journal;
  private final Consumer<String> log;
  private final Path spillDir;
  private final Map<String, Running> running = new ConcurrentHashMap<>();
  /** Runs after each build has ended and been recorded (the store keeper's check), told whether it may have grown the store. */
  private volatile Consumer<Boolean> afterEach = grew -> { };
  /** Set by {@link #cancelAll} under the lock {@link #start} holds: no build starts after it. */
  private boolean closed;

  /** {@code spillDir} takes the older events of running builds, so their memory does not grow with their logs. */
  ServerBuilds(Runtime runtime, BuildJournal journal, Path spillDir, Consumer<String> log) {
    this.runtime = runtime;
    this.journal = journal;
    this.spillDir = spillDir;
    this.log = log;
  }

  /**
   * Starts a build; returns its id at once. Holds the lock {@link #cancelAll} takes, so a build
   * either starts before the server stops (and is cancelled with the others) or is refused.
   *
   * @throws ApiError 503 once the server is stopping
   */
  synchronized String start(BuildRequest request) throws IOException, ApiError {
    if (closed) {
      throw new ApiError(503, "the server is stopping; build again once it is back");
    }
    BuildHandle handle = runtime.build(request);
    String id = handle.id();
    journal.writeStatus(BuildStatus.queued(id));
    BuildJournal.Writer writer = journal.writer(id);
    Running build = new Running(handle, new EventLog(id, SecretMasker.none(), spillDir), ContextPaths.of(request.context()),
        new AtomicReference<>(), new AtomicBoolean());
    running.put(id, build);
    // What clients see and the journal keeps: the runtime's events with context paths made relative.
    AutoCloseable relaying = handle.events().subscribe(0, e -> {
      if (BuildEvent.CACHE_MISS.equals(e.kind())) {
        build.ranAStep().set(true);
      }
      build.shown().relay(build.shown(e));
    });
    AutoCloseable recording = build.shown().subscribe(0, e -> record(writer, e));
    log.accept("build " + id + " started: " + request.effectiveName());
    handle.result().whenComplete((end, failure) -> finish(id, build, writer, relaying, recording));
    return id;
  }

  /**
   * Sets what runs after each build has ended and been recorded, told whether the build may have
   * added to the store: true unless it ended ready with every step from the cache (then it wrote
   * only its own record); it must return quickly.
   */
  void afterEach(Consumer<Boolean> action) {
    this.afterEach = action;
  }

  /**
   * A running build: the runtime's handle, its events as shown to clients, who cancelled it, and
   * whether a step ran (a cache miss: it wrote a layer).
   */
  private record Running(BuildHandle handle, EventLog shown, ContextPaths paths,
      AtomicReference<Canceller> cancelledBy, AtomicBoolean ranAStep) {
    BuildEvent shown(BuildEvent e) {
      BuildEvent relative = e.withText(paths::relative);
      boolean stopped = cancelledBy.get() == Canceller.SERVER && relative.isEnd()
          && BuildEvent.STATUS_CANCELLED.equals(relative.status());
      return stopped ? relative.withStatus(BuildEvent.STATUS_ERROR, STOPPED) : relative;
    }

    void cancel(Canceller by) {
      cancelledBy.compareAndSet(null, by);
      handle.cancel();
    }
  }

  /** The build's status; empty when this server never had such a build. */
  Optional<BuildStatus> status(String id) throws IOException {
    Running build = running.get(id);
    if (build != null) {
      CompletableFuture<BuildEvent> result = build.handle().result();
      if (result.isDone() && !result.isCompletedExceptionally()) {
        return Optional.of(BuildStatus.ended(build.shown(result.join())));
      }
      String status = build.shown().lastSeq() > 0 ? BuildStatus.BUILDING : BuildStatus.QUEUED;
      return Optional.of(new BuildStatus(id, status, null, null));
    }
    return BuildJournal.ID.matcher(id).matches() ? journal.status(id) : Optional.empty();
  }

  /** The build's events: live while it runs, read from its record after; empty when unknown. Close the feed. */
  Optional<EventFeed> events(String id) throws IOException {
    Running build = running.get(id);
    if (build != null) {
      return Optional.of(EventFeed.live(build.shown()));
    }
    if (status(id).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(EventFeed.stored(journal.reader(id)));
  }

  /** Asks a running build to stop; false when it is not running (unknown or ended). */
  boolean cancel(String id) {
    Running build = running.get(id);
    if (build == null || build.handle().result().isDone()) {
      // Ended, though perhaps not yet recorded as such: nothing to cancel.
      return false;
    }
    build.cancel(Canceller.CLIENT);
    return true;
  }

  /**
   * Refuses new builds, cancels every running one (each then ends in error, {@link #STOPPED},
   * unless a client had cancelled it already) and waits up to {@code seconds} for them to end.
   */
  void cancelAll(long seconds) {
    List<Running> builds;
    synchronized (this) {
      closed = true;
      builds = List.copyOf(running.values());
    }
    builds.forEach(b -> b.cancel(Canceller.SERVER));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    for (Running b : builds) {
      try {
        b.handle().result().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        // Not ended in time: the next start of serve records it as ended by the restart.
      }
    }
  }

  /**
   * The end of a build whose runtime failed without a {@code build-end} (its thread died): one
   * is added in error, so clients and the record see the build end instead of "building" for good.
   */
  private BuildEvent endUnended(String id, Running build) {
    build.handle().result().exceptionally(fault -> {
      log.accept("build " + id + " failed without an end: " + fault);
      return null;
    });
    synchronized (build.shown()) {
      if (build.shown().isEnded()) {
        return build.shown().after(build.shown().lastSeq() - 1).get(0);
      }
      return build.shown().append(BuildEvent.of(BuildEvent.BUILD_END).status(BuildEvent.STATUS_ERROR)
          .message(FAILED).build());
    }
  }

  /** Runs on the build's appending thread: a failure here must not fail the build itself. */
  private void record(BuildJournal.Writer writer, BuildEvent e) {
    if (writer.failed()) {
      return;
    }
    try {
      writer.append(e);
    } catch (IOException ex) {
      writer.fail();
      log.accept("build " + e.build() + ": its events are no longer recorded in the store: " + ex.getMessage());
    }
  }

  /**
   * Makes the record complete, then writes the final status, each on its own: a record that
   * could not be appended to is rewritten from the events in memory, and the status is written
   * whatever happened to the record, so GET never says queued for a build that ended.
   */
  private void finish(String id, Running build, BuildJournal.Writer writer, AutoCloseable relaying,
      AutoCloseable recording) {
    boolean grew = true;
    try {
      CompletableFuture<BuildEvent> result = build.handle().result();
      BuildEvent end = result.isCompletedExceptionally() ? null : result.getNow(null);
      grew = end == null || build.ranAStep().get() || !BuildEvent.STATUS_READY.equals(end.status());
      if (end == null) {
        end = endUnended(id, build);
      }
      try {
        relaying.close();
        recording.close();
        writer.close();
      } catch (Exception e) {
        writer.fail();
        log.accept("build " + id + ": its event record could not be closed: " + e.getMessage());
      }
      if (writer.failed()) {
        try {
          journal.rewrite(id, build.shown());
        } catch (IOException e) {
          log.accept("build " + id + ": its event record could not be rewritten: " + e.getMessage());
        }
      }
      if (end != null) {
        try {
          BuildEvent shownEnd = build.shown(end);
          journal.writeStatus(BuildStatus.ended(shownEnd));
          log.accept("build " + id + " " + shownEnd.status() + (end.ref() != null ? ": " + end.ref() : ""));
        } catch (IOException e) {
          log.accept("build " + id + ": could not record its end in the store: " + e.getMessage());
        }
      }
    } finally {
      running.remove(id);
      afterEach.accept(grew);
    }
  }
}
