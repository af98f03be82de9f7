package dev.templatestudio.app.studio.build;

import dev.templatestudio.app.studio.common.TaskRunner;
import dev.templatestudio.app.studio.runtimes.RuntimeSource;
import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.EventLog;
import dev.templatestudio.bridge.template.Template;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

/**
 * Builds of one document: starts and cancels them, and turns their events into step badges,
 * progress, a summary, a history and batches of log lines.
 *
 * <p>Events arrive on the runtime's threads and only go into a queue ({@link #offer}); the
 * view calls {@link #drain} once per frame on the FX thread, which applies them and returns
 * the new log lines as one chunk. So a fast build costs one UI update per frame, not one per
 * line. Everything except {@link #offer} is FX thread only.
 */
public final class BuildViewModel {
  /** Time per frame for taking in queued events (badges, progress, backlog). */
  static final long INCOMING_NANOS_PER_FRAME = 10_000_000L;

  /** Lines formatted per frame when the caller sets no budget. */
  static final int DEFAULT_LINES_PER_FRAME = 25_000;

  private final RuntimeSource runtimes;
  private final Supplier<String> runtimeName;
  private final TaskRunner tasks;
  private final LongSupplier wallClock;
  private final int backlogCap;
  private final Queue<BuildEvent> incoming = new ConcurrentLinkedQueue<>();
  private final ArrayDeque<BuildEvent> backlog = new ArrayDeque<>();
  private final ObservableMap<Integer, StepProgress> steps = FXCollections.observableHashMap();
  private final ObservableList<BuildRecord> history = FXCollections.observableArrayList();
  private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
  private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
  private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "");
  private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
  private final ReadOnlyStringWrapper lastRef = new ReadOnlyStringWrapper(this, "lastRef");
  private final ReadOnlyObjectWrapper<BuildRecord> shown = new ReadOnlyObjectWrapper<>(this, "shown");
  private LogFormatter formatter = new LogFormatter();
  private BuildHandle handle;
  private EventLog currentLog;
  private boolean cancelRequested;
  private boolean resetLog;
  private int totalParts;
  private int finishedParts;
  private long droppedLines;
  private Instant startedAt;

  /**
   * @param runtimes    opens the runtime to build on (called in the background)
   * @param runtimeName names the chosen runtime for the history
   * @param backlogCap  the most lines kept waiting for the view; older ones are dropped from
   *                    the view (the build's event log keeps them all)
   */
  public BuildViewModel(RuntimeSource runtimes, Supplier<String> runtimeName, TaskRunner tasks,
      LongSupplier wallClock, int backlogCap) {
    this.runtimes = runtimes;
    this.runtimeName = runtimeName;
    this.tasks = tasks;
    this.wallClock = wallClock;
    this.backlogCap = backlogCap;
  }

  /** The badge of each part (0 base, 1…N steps) in the current or last build. */
  public ObservableMap<Integer, StepProgress> steps() {
    return steps;
  }

  /** Finished builds of this document, newest first. */
  public ObservableList<BuildRecord> history() {
    return history;
  }

  public ReadOnlyBooleanProperty runningProperty() {
    return running.getReadOnlyProperty();
  }

  public boolean isRunning() {
    return running.get();
  }

  /** 0…1 while building; -1 (indeterminate) while the runtime starts. */
  public ReadOnlyDoubleProperty progressProperty() {
    return progress.getReadOnlyProperty();
  }

  /** Such as "step 3 of 9 · 2 cached". */
  public ReadOnlyStringProperty progressTextProperty() {
    return progressText.getReadOnlyProperty();
  }

  /** The outcome of the last build in one line, or why it could not start. */
  public ReadOnlyStringProperty summaryProperty() {
    return summary.getReadOnlyProperty();
  }

  /** The canonical ref of the last ready build; null before. */
  public ReadOnlyStringProperty lastRefProperty() {
    return lastRef.getReadOnlyProperty();
  }

  /** The history entry whose log is shown instead of the live one; null for live. */
  public ReadOnlyObjectProperty<BuildRecord> shownProperty() {
    return shown.getReadOnlyProperty();
  }

  /** Events waiting to be formatted for the view. */
  public int backlog() {
    return backlog.size() + incoming.size();
  }

  /** Lines dropped from the view because they came faster than the cap allows. */
  public long droppedLines() {
    return droppedLines;
  }

  /** Starts a build of {@code template} with {@code context} as its context folder and no secrets. */
  public void build(Template template, Path context) {
    build(template, context, Map.of());
  }

  /**
   * Starts a build of {@code template} with {@code context} as its context folder.
   *
   * @param secretValues the values of the template's secrets (never stored; masked in events)
   */
  public void build(Template template, Path context, Map<String, String> secretValues) {
    if (running.get()) {
      return;
    }
    running.set(true);
    cancelRequested = false;
    steps.clear();
    totalParts = template.steps().size() + 1;
    finishedParts = 0;
    for (int i = 0; i < totalParts; i++) {
      steps.put(i, StepProgress.QUEUED);
    }
    progress.set(-1);
    progressText.set("starting " + runtimeName.get() + "\u2026");
    summary.set("");
    shown.set(null);
    startedAt = Instant.ofEpochMilli(wallClock.getAsLong());
    tasks.run(() -> {
      BuildHandle h = runtimes.open().build(new BuildRequest(template, context, null, null, false, secretValues));
      h.events().subscribe(0, incoming::add);
      return h;
    }, this::started, this::failedToStart);
  }

  /** Asks the running build to stop; its end arrives as a {@code cancelled} event. */
  public void cancel() {
    if (!running.get()) {
      return;
    }
    cancelRequested = true;
    progressText.set("cancelling\u2026");
    if (handle != null) {
      BuildHandle h = handle;
      tasks.run(() -> {
        h.cancel();
        return h;
      }, h2 -> { }, e -> summary.set("Cancel failed: " + e.getMessage()));
    }
  }

  private void started(BuildHandle h) {
    handle = h;
    currentLog = h.events();
    formatter = new LogFormatter();
    resetLog = true;
    if (cancelRequested) {
      cancel();
    }
  }

  private void failedToStart(Exception e) {
    running.set(false);
    progress.set(0);
    progressText.set("");
    steps.clear();
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    summary.set("Build could not start: " + message);
  }

  /** Queues an event; any thread. The runtime's event log calls this. */
  public void offer(BuildEvent event) {
    incoming.add(event);
  }

  /** True when the next {@link #drain} should replace the log instead of appending. */
  public boolean takeResetLog() {
    boolean r = resetLog;
    resetLog = false;
    return r;
  }

  /** {@link #drain(int)} with the default budget. */
  public LogChunk drain() {
    return drain(DEFAULT_LINES_PER_FRAME);
  }

  /**
   * Applies every queued event to the badges and progress, and returns up to
   * {@code maxLines} new log lines as one chunk; the rest wait for the next frame (and the
   * oldest of them are dropped beyond the backlog cap). FX thread, once per frame.
   */
  public LogChunk drain(int maxLines) {
    if (running.get() && currentLog == null) {
      // The runtime is still starting: its events wait until the handle is known.
      return new LogChunk.Builder().build();
    }
    BuildEvent e;
    long deadline = System.nanoTime() + INCOMING_NANOS_PER_FRAME;
    int n = 0;
    // A burst of events is taken in over several frames rather than freezing one.
    while ((++n & 1023) != 0 || System.nanoTime() < deadline) {
      if ((e = incoming.poll()) == null) {
        break;
      }
      apply(e);
      backlog.add(e);
      if (backlog.size() > backlogCap) {
        backlog.poll();
        droppedLines++;
      }
    }
    LogChunk.Builder out = new LogChunk.Builder();
    while (out.lines() < maxLines && (e = backlog.poll()) != null) {
      if (shown.get() == null) {
        formatter.format(e, out);
      }
    }
    return out.build();
  }

  /** The whole log of {@code events}, or of one step of them ({@code step} null for all). */
  public static LogChunk render(List<BuildEvent> events, Integer step) {
    LogFormatter f = new LogFormatter();
    LogChunk.Builder out = new LogChunk.Builder();
    for (BuildEvent e : events) {
      boolean include = step == null || (e.step() != null ? e.step().equals(step) : e.isEnd());
      if (include) {
        f.format(e, out);
      }
    }
    return out.build();
  }

  /** The events of the build the log shows: a history entry's, else the current build's. */
  public List<BuildEvent> shownEvents() {
    if (shown.get() != null) {
      return shown.get().allEvents();
    }
    return currentLog == null ? List.of() : currentLog.after(0);
  }

  /** Shows the log of a past build (null: back to the live one). */
  public void show(BuildRecord record) {
    shown.set(record);
  }

  private void apply(BuildEvent e) {
    Integer part = e.step();
    long now = wallClock.getAsLong();
    switch (e.kind()) {
      case BuildEvent.BUILD_START:
        if (e.steps() != null) {
          totalParts = Math.max(totalParts, e.steps() + 1);
        }
        progress.set(0);
        break;
      case BuildEvent.STEP_START:
        steps.put(part, new StepProgress(StepState.RUNNING, now, null, null));
        progressText.set("step " + part + " of " + (totalParts - 1) + cachedSoFar());
        break;
      case BuildEvent.CACHE_HIT:
        steps.put(part, new StepProgress(StepState.CACHED, now, null, null));
        break;
      case BuildEvent.CACHE_MISS:
        StepProgress p = steps.getOrDefault(part, StepProgress.QUEUED);
        steps.put(part, new StepProgress(StepState.RUNNING, p.startedAtMillis() == 0 ? now : p.startedAtMillis(),
            null, e.reason()));
        break;
      case BuildEvent.STEP_END:
        StepProgress s = steps.getOrDefault(part, StepProgress.QUEUED);
        StepState state;
        if (BuildEvent.STATUS_DONE.equals(e.status())) {
          state = s.state() == StepState.CACHED ? StepState.CACHED : StepState.DONE;
        } else {
          state = BuildEvent.STATUS_CANCELLED.equals(e.status()) ? StepState.CANCELLED : StepState.FAILED;
        }
        steps.put(part, new StepProgress(state, s.startedAtMillis(), e.durationMs(), s.missReason()));
        finishedParts++;
        progress.set(Math.min(1, finishedParts / (double) Math.max(1, totalParts)));
        break;
      case BuildEvent.BUILD_END:
        finish(e);
        break;
      default:
        break;
    }
  }

  private String cachedSoFar() {
    long hits = steps.values().stream().filter(s -> s.state() == StepState.CACHED).count();
    return hits == 0 ? "" : " \u00B7 " + hits + " cached";
  }

  private void finish(BuildEvent end) {
    steps.replaceAll((k, v) -> v.state() == StepState.QUEUED || v.state() == StepState.RUNNING
        ? v.with(BuildEvent.STATUS_READY.equals(end.status()) ? StepState.DONE
            : v.state() == StepState.RUNNING ? StepState.FAILED : StepState.SKIPPED) : v);
    if (BuildEvent.STATUS_ERROR.equals(end.status()) && steps.values().stream().allMatch(
        v -> v.state() == StepState.DONE || v.state() == StepState.CACHED) && !steps.isEmpty()) {
      // Every step built, so the start command or ready check failed: the start card shows it.
      steps.put(totalParts, StepProgress.failed(end.message() == null ? "the start failed" : end.message()));
    }
    running.set(false);
    progress.set(BuildEvent.STATUS_READY.equals(end.status()) ? 1 : progress.get() < 0 ? 0 : progress.get());
    progressText.set("");
    long hits = steps.values().stream().filter(p -> p.state() == StepState.CACHED).count();
    String line = LogFormatter.endLine(end, (int) hits, steps.size());
    summary.set(line);
    if (end.ref() != null && BuildEvent.STATUS_READY.equals(end.status())) {
      lastRef.set(end.ref());
    }
    if (currentLog != null) {
      history.add(0, new BuildRecord(currentLog.buildId(), startedAt, runtimeName.get(), end, line, currentLog));
    }
    handle = null;
  }
}
