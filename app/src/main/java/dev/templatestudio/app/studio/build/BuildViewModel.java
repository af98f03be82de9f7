package dev.templatestudio.app.studio.build;

import dev.templatestudio.app.studio.common.RuntimeSource;
import dev.templatestudio.app.studio.common.TaskRunner;
import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.EventLog;
import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.history.BuildLogArchive;
import dev.templatestudio.bridge.template.Template;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
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
 * <p>A build's events are read from its event log on a background thread ({@link LogIngest}):
 * folded into the latest state of each step, and formatted, as the {@link LogLens} (one step,
 * folded steps) shows them, into a ring of the newest lines. The view calls {@link #drain} once
 * per frame on the FX thread, which applies what changed since the last frame and returns the
 * new lines as one chunk. So a fast build costs one small UI update per frame, taking events in
 * does not wait for frames, and a new filter or fold is formatted in the background too.
 * FX thread only.
 */
public final class BuildViewModel {
  /** Lines taken per frame when the caller sets no limit. */
  static final int DEFAULT_LINES_PER_FRAME = 25_000;

  private final RuntimeSource runtimes;
  private final Supplier<String> runtimeName;
  private final TaskRunner tasks;
  private final LongSupplier wallClock;
  private final int backlogCap;
  private final LogIngest ingest;
  private final ObservableMap<Integer, StepProgress> steps = FXCollections.observableHashMap();
  private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
  private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
  private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "");
  private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
  private final ReadOnlyStringWrapper lastRef = new ReadOnlyStringWrapper(this, "lastRef");
  private final ReadOnlyObjectWrapper<BuildRecord> shown = new ReadOnlyObjectWrapper<>(this, "shown");
  private final ReadOnlyObjectWrapper<LogLens> lens = new ReadOnlyObjectWrapper<>(this, "lens", LogLens.ALL);
  private BuildHandle handle;
  private EventLog currentLog;
  private boolean cancelRequested;
  private boolean resetLog;
  private LogChunk older;
  private List<LogChunk> foldedHeaders = List.of();
  private long droppedLines;
  private Instant startedAt;
  private String builtName;
  private final BuildHistory history;

  /**
   * Takes events in on the studio's shared log thread.
   *
   * @param runtimes    opens the runtime to build on (called in the background)
   * @param runtimeName names the chosen runtime for the history
   * @param backlogCap  the most lines kept for the view; older ones are dropped from the view
   *                    (the build's event log keeps them all)
   */
  public BuildViewModel(RuntimeSource runtimes, Supplier<String> runtimeName, TaskRunner tasks,
      LongSupplier wallClock, int backlogCap) {
    this(runtimes, runtimeName, tasks, wallClock, backlogCap, LogThread.EXECUTOR);
  }

  /** @param ingestExecutor runs the taking in of events, one task at a time */
  public BuildViewModel(RuntimeSource runtimes, Supplier<String> runtimeName, TaskRunner tasks,
      LongSupplier wallClock, int backlogCap, Executor ingestExecutor) {
    this(runtimes, runtimeName, tasks, wallClock, System::nanoTime, backlogCap, ingestExecutor);
  }

  /** @param frameClock paces the log view under a fast stream: a monotonic clock in nanoseconds */
  BuildViewModel(RuntimeSource runtimes, Supplier<String> runtimeName, TaskRunner tasks,
      LongSupplier wallClock, LongSupplier frameClock, int backlogCap, Executor ingestExecutor) {
    this.runtimes = runtimes;
    this.runtimeName = runtimeName;
    this.tasks = tasks;
    this.wallClock = wallClock;
    this.backlogCap = backlogCap;
    this.ingest = new LogIngest(ingestExecutor, wallClock, frameClock, backlogCap);
    this.history = new BuildHistory(tasks, summary);
  }

  /** The badge of each part (0 base, 1…N steps) in the current or last build. */
  public ObservableMap<Integer, StepProgress> steps() {
    return steps;
  }

  /**
   * Keeps every finished build in {@code history}, so that the builds of a template can be
   * looked at again after the studio was closed ({@link #loadHistory}).
   */
  public void keepHistoryIn(BuildLogArchive archive) {
    history.keepIn(archive);
  }

  /**
   * Adds the kept builds of the template named {@code templateName} to the history list, in
   * the background; no-op without {@link #keepHistoryIn}.
   */
  public void loadHistory(String templateName) {
    history.load(templateName);
  }

  /** Finished builds of this document, newest first. */
  public ObservableList<BuildRecord> history() {
    return history.records();
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

  /** What the log shows: all steps or one, and which are folded. */
  public ReadOnlyObjectProperty<LogLens> lensProperty() {
    return lens.getReadOnlyProperty();
  }

  /** The log on show and how the view sees it, for find. */
  LogIngest.Shown shownLog() {
    return ingest.shown();
  }

  /** Events not yet read, plus lines formatted and not yet taken by the view. */
  public long backlog() {
    return ingest.pending() + ingest.unread();
  }

  /** Events in the shown and live logs not yet read. */
  public long pendingEvents() {
    return ingest.pending();
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
    currentLog = null;
    steps.clear();
    int parts = template.steps().size() + 1;
    for (int i = 0; i < parts; i++) {
      steps.put(i, StepProgress.QUEUED);
    }
    ingest.reset(parts);
    droppedLines = 0;
    resetLog = true;
    progress.set(-1);
    progressText.set("starting " + runtimeName.get() + "\u2026");
    summary.set("");
    shown.set(null);
    startedAt = Instant.ofEpochMilli(wallClock.getAsLong());
    builtName = template.name();
    BuildRequest request = new BuildRequest(template, context, null, null, false, secretValues);
    tasks.run(() -> startOn(runtimes.open(), request), this::started, this::failedToStart);
  }

  /**
   * Starts the build on a runtime opened for it alone, and closes that runtime once the build
   * has ended (a remote one holds connections, the docker one threads). Closing is left to
   * another thread: a runtime may complete its result on the thread its close waits for.
   */
  private static BuildHandle startOn(Runtime runtime, BuildRequest request) throws IOException {
    try {
      BuildHandle h = runtime.build(request);
      h.result().whenCompleteAsync((end, failure) -> runtime.close());
      return h;
    } catch (IOException | RuntimeException e) {
      runtime.close();
      throw e;
    }
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
    follow(h.events());
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

  /**
   * Reads the current build's events from {@code log}: the log and the step badges follow it.
   * A started build does this itself; benchmarks and tests feed a log of their own.
   */
  public void follow(EventLog log) {
    currentLog = log;
    ingest.follow(log, shown.get() == null);
  }

  /** Shows only {@code step}'s lines (null: all steps); formatted in the background. */
  public void filterTo(Integer step) {
    see(lens.get().only(step));
  }

  /** Folds {@code step}'s output under its header, or unfolds it. */
  public void toggleFold(int step) {
    see(lens.get().toggle(step));
  }

  /** Folds every step's output under its header, or unfolds them all. */
  public void foldAll(boolean fold) {
    see(lens.get().foldingAll(fold));
  }

  private void see(LogLens next) {
    lens.set(next);
    ingest.show(source(shown.get()), next);
  }

  /**
   * A past build's log read by seq like the live one: its events stay encoded in the log
   * instead of all decoded into a list for as long as it is on show.
   */
  private static LogSource source(BuildRecord record) {
    if (record == null) {
      return null;
    }
    return record.loaded() ? LogSource.of(record.events()) : LogSource.of(List.of());
  }

  /** True when the next {@link #drain} should replace the log instead of appending. */
  public boolean takeResetLog() {
    boolean r = resetLog;
    resetLog = false;
    return r;
  }

  /** {@link #drain(int, boolean)} with the default budget, following the tail. */
  public LogChunk drain() {
    return drain(DEFAULT_LINES_PER_FRAME, true);
  }

  /**
   * Applies the step changes taken in since the last frame, and returns the new log lines:
   * the newest {@code maxLines} of them. When some were skipped, {@link #takeResetLog} asks
   * for a replace (the view always holds a contiguous run of lines), and on later quiet
   * frames {@link #takeOlderLines} gives older lines to put before them until the view is
   * full. FX thread, once per frame.
   *
   * @param following whether the view follows the tail; when it does not, skipped lines
   *                  leave a gap rather than replace what the person is reading
   */
  public LogChunk drain(int maxLines, boolean following) {
    if (running.get() && currentLog == null) {
      // The runtime is still starting: the history entry needs the handle's event log.
      return LogChunk.empty(0);
    }
    LogIngest.Frame frame = ingest.take(Math.min(maxLines, backlogCap), following);
    apply(frame.steps());
    droppedLines += frame.skipped();
    resetLog |= frame.replace();
    older = frame.older();
    foldedHeaders = frame.headers();
    return frame.lines();
  }

  /**
   * Folded headers, from the last {@link #drain}, whose count of hidden lines grew: each a
   * one-line chunk numbered as the line it replaces.
   */
  public List<LogChunk> takeFoldedHeaders() {
    List<LogChunk> h = foldedHeaders;
    foldedHeaders = List.of();
    return h;
  }

  /** Lines that go before the first one in the view, from the last {@link #drain}; null when none. */
  public LogChunk takeOlderLines() {
    LogChunk c = older;
    older = null;
    return c;
  }

  /**
   * The text of the shown log, or of one step of it ({@code step} null for all), made in the
   * background (a long log takes a while) and handed to {@code onDone} on the FX thread.
   */
  public void renderShown(Integer step, Consumer<String> onDone) {
    List<BuildEvent> events = shownEvents();
    tasks.run(() -> LogText.of(events, step), onDone,
        e -> summary.set("The log could not be put into text: " + e.getMessage()));
  }

  /** The events of the build the log shows: a history entry's, else the current build's. */
  public List<BuildEvent> shownEvents() {
    if (shown.get() != null) {
      return shown.get().allEvents();
    }
    return currentLog == null ? List.of() : currentLog.after(0);
  }

  /**
   * Shows the log of a past build (null: back to the live one). One from an earlier run is
   * read back from the history first, in the background.
   */
  public void show(BuildRecord record) {
    if (record == null) {
      showNow(null);
    } else {
      history.withEvents(record, this::showNow);
    }
  }

  private void showNow(BuildRecord record) {
    shown.set(record);
    ingest.show(source(record), lens.get());
  }

  private void apply(StepTracker.Update u) {
    if (u.isEmpty()) {
      return;
    }
    steps.putAll(u.steps());
    if (u.progress() != null) {
      progress.set(u.progress());
    }
    if (u.progressText() != null && !cancelRequested) {
      progressText.set(u.progressText());
    }
    if (u.end() != null) {
      finish(u.end(), u.hits(), u.parts());
    }
  }

  private void finish(BuildEvent end, int hits, int parts) {
    running.set(false);
    if (progress.get() < 0) {
      progress.set(0);
    }
    progressText.set("");
    String line = LogFormatter.endLine(end, hits, parts);
    summary.set(line);
    if (end.ref() != null && BuildEvent.STATUS_READY.equals(end.status())) {
      lastRef.set(end.ref());
    }
    if (currentLog != null) {
      BuildLogArchive.Entry entry = new BuildLogArchive.Entry(currentLog.buildId(), builtName, startedAt.toEpochMilli(),
          runtimeName.get(), end, line);
      history.add(entry, currentLog);
    }
    handle = null;
  }
}
