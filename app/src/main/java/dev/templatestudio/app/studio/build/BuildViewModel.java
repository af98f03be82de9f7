package dev.templatestudio.app.studio.build;

import dev.templatestudio.app.studio.common.RuntimeSource;
import dev.templatestudio.app.studio.common.TaskRunner;
import dev.templatestudio.app.studio.logview.LogFeed;
import dev.templatestudio.app.studio.logview.LogFormatter;
import dev.templatestudio.app.studio.logview.LogFrame;
import dev.templatestudio.app.studio.logview.LogText;
import dev.templatestudio.app.studio.logview.LogThreads;
import dev.templatestudio.app.studio.logview.StageStep;
import dev.templatestudio.app.studio.logview.StepChanges;
import dev.templatestudio.app.studio.logview.StepProgress;
import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.EventLog;
import dev.templatestudio.bridge.history.BuildLogArchive;
import dev.templatestudio.bridge.template.Template;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;

/**
 * Builds of one document: starts and cancels them, and turns their events into step badges,
 * progress, a summary and the build log.
 *
 * <p>A build's events are read from its event log on the log thread (the {@link LogFeed}): folded
 * into the latest state of each step, and formatted into the newest lines of the log as its lens
 * shows them. The view calls {@link #drain} once per frame on the FX thread, which applies the
 * step changes and hands over the frame's lines in one {@link LogFrame}. So a fast build costs one
 * small UI update per frame, and taking events in does not wait for frames. A finished build is
 * handed to whoever keeps the history ({@link #onFinished}). FX thread only.
 */
public final class BuildViewModel {
  /** Lines taken per frame when the caller sets no limit. */
  static final int DEFAULT_LINES_PER_FRAME = 25_000;

  private final RuntimeSource runtimes;
  private final Supplier<String> runtimeName;
  private final TaskRunner tasks;
  private final LongSupplier wallClock;
  private final int backlogCap;
  private final LogFeed log;
  private final ObservableMap<Integer, StepProgress> steps = FXCollections.observableHashMap();
  private final ObservableMap<StageStep, StepProgress> stageSteps = FXCollections.observableHashMap();
  private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
  private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
  private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "");
  private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
  private final ReadOnlyStringWrapper lastRef = new ReadOnlyStringWrapper(this, "lastRef");
  /** Where the ref on show comes from when it is not the last build's: "from the last good build (12:03)". */
  private final ReadOnlyStringWrapper refNote = new ReadOnlyStringWrapper(this, "refNote", "");
  private long lastRefAt;
  /** The ref of the earlier build whose log is on show; null while the live log is. */
  private final ReadOnlyStringWrapper earlierRef = new ReadOnlyStringWrapper(this, "earlierRef");
  private final ReadOnlyBooleanWrapper showingEarlier = new ReadOnlyBooleanWrapper(this, "showingEarlier");
  private final StringBinding shownRef;
  private BiConsumer<BuildLogArchive.Entry, EventLog> finished = (entry, events) -> { };
  private BuildHandle handle;
  private EventLog currentLog;
  private boolean cancelRequested;
  private boolean resetLog;
  private long droppedLines;
  private Instant startedAt;
  private String builtName;

  /**
   * @param runtimes    opens the runtime to build on (called in the background)
   * @param runtimeName names the chosen runtime for the history
   * @param wallClock   the time in milliseconds, for the steps' timings and the history
   * @param backlogCap  the most lines kept for the view; older ones are dropped from the view
   *                    (the build's event log keeps them all)
   * @param threads     the log views' threads, which take the events in
   */
  public BuildViewModel(RuntimeSource runtimes, Supplier<String> runtimeName, TaskRunner tasks,
      LongSupplier wallClock, int backlogCap, LogThreads threads) {
    this(runtimes, runtimeName, tasks, wallClock, System::nanoTime, backlogCap, threads);
  }

  /** @param frameClock paces the log view under a fast stream: a monotonic clock in nanoseconds */
  BuildViewModel(RuntimeSource runtimes, Supplier<String> runtimeName, TaskRunner tasks,
      LongSupplier wallClock, LongSupplier frameClock, int backlogCap, LogThreads threads) {
    this.runtimes = runtimes;
    this.runtimeName = runtimeName;
    this.tasks = tasks;
    this.wallClock = wallClock;
    this.backlogCap = backlogCap;
    this.log = new LogFeed(threads, wallClock, frameClock, backlogCap);
    this.shownRef = Bindings.createStringBinding(() -> showingEarlier.get() ? earlierRef.get() : lastRef.get(),
        showingEarlier, earlierRef, lastRef);
  }

  /** The build log as the log view shows it: which log, which steps, which folded. */
  public LogFeed log() {
    return log;
  }

  /** The badge of each part (0 base, 1…N steps) in the current or last build. */
  public ObservableMap<Integer, StepProgress> steps() {
    return steps;
  }

  /** Opens the runtime this document builds on: whoever reads what its builds made opens it the same way. */
  public RuntimeSource runtimeSource() {
    return runtimes;
  }

  /** The state of each build stage's step in the current or last build; the final stage's are in {@link #steps}. */
  public ObservableMap<StageStep, StepProgress> stageSteps() {
    return stageSteps;
  }

  /**
   * Called with each finished build (its history entry and its whole event log), to keep it in
   * the history.
   */
  public void onFinished(BiConsumer<BuildLogArchive.Entry, EventLog> keeper) {
    finished = keeper;
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

  /**
   * Changes the summary line, such as to add that the build could not be kept in the history,
   * or say why the history could not be read.
   */
  public void amendSummary(UnaryOperator<String> change) {
    summary.set(change.apply(summary.get()));
  }

  /** The canonical ref of the last ready build; null before. */
  public ReadOnlyStringProperty lastRefProperty() {
    return lastRef.getReadOnlyProperty();
  }

  /**
   * "" while the ref on show is the last build's own; after a build that failed, was cancelled
   * or could not start, says that the ref is the last good build's, and when that ended.
   */
  public ReadOnlyStringProperty refNoteProperty() {
    return refNote.getReadOnlyProperty();
  }

  /** The ref of the build whose log is shown: an earlier one's while it is shown, else the last ready one. */
  public StringBinding shownRef() {
    return shownRef;
  }

  /** Whether an earlier build's log is shown instead of the live one. */
  public ReadOnlyBooleanProperty showingEarlierProperty() {
    return showingEarlier.getReadOnlyProperty();
  }

  /** Shows the log of an earlier build, which made {@code ref} (null if none), instead of the live one. */
  public void showEarlier(EventLog events, String ref) {
    earlierRef.set(ref);
    showingEarlier.set(true);
    log.showEarlier(events);
  }

  /** Shows the live build's log again. */
  public void showLive() {
    if (!showingEarlier.get()) {
      return;
    }
    showingEarlier.set(false);
    earlierRef.set(null);
    log.showLive();
  }

  /** Events not yet read, plus lines formatted and not yet taken by the view. */
  public long backlog() {
    return log.backlog();
  }

  /** Events in the shown and live logs not yet read. */
  public long pendingEvents() {
    return log.pendingEvents();
  }

  /** Lines dropped from the view because they came faster than the cap allows. */
  public long droppedLines() {
    return droppedLines;
  }

  /** Starts a build of {@code template} with {@code context} as its context folder and no secrets. */
  public void build(Template template, Path context) {
    build(template, null, context, Map.of());
  }

  /**
   * Starts a build of {@code template} with {@code context} as its context folder.
   *
   * @param name         the name to publish under (the template's own, else the one its file
   *                     suggests); null for the template's, or the runtime's when it has none
   * @param secretValues the values of the template's secrets (never stored; masked in events)
   */
  public void build(Template template, String name, Path context, Map<String, String> secretValues) {
    if (running.get()) {
      return;
    }
    running.set(true);
    cancelRequested = false;
    currentLog = null;
    steps.clear();
    stageSteps.clear();
    int parts = template.steps().size() + 1;
    for (int i = 0; i < parts; i++) {
      steps.put(i, StepProgress.QUEUED);
    }
    log.reset(parts);
    droppedLines = 0;
    resetLog = true;
    progress.set(-1);
    progressText.set("starting " + runtimeName.get() + "\u2026");
    summary.set("");
    showingEarlier.set(false);
    earlierRef.set(null);
    startedAt = Instant.ofEpochMilli(wallClock.getAsLong());
    builtName = name != null ? name : template.name();
    BuildRequest request = new BuildRequest(template, context, name, null, false, secretValues);
    tasks.run(() -> RuntimeBuilds.startOn(runtimes.open(), request), this::started, this::failedToStart);
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
    stageSteps.clear();
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    summary.set("Build could not start: " + message);
    noteOlderRef();
  }

  /**
   * Reads the current build's events from {@code log}: the log and the step badges follow it.
   * A started build does this itself; benchmarks and tests feed a log of their own.
   */
  public void follow(EventLog log) {
    currentLog = log;
    this.log.follow(log);
  }

  /** {@link #drain(int, boolean)} with the default budget, following the tail. */
  public LogFrame drain() {
    return drain(DEFAULT_LINES_PER_FRAME, true);
  }

  /**
   * Applies the step changes taken in since the last frame, and hands over what the log view
   * puts in: at most the newest {@code maxLines} new lines, older lines to put before them until
   * the view is full, and the folded headers whose count grew. FX thread, once per frame.
   *
   * @param following whether the view follows the tail; when it does not, skipped lines
   *                  leave a gap rather than replace what the person is reading
   */
  public LogFrame drain(int maxLines, boolean following) {
    boolean reset = resetLog;
    resetLog = false;
    if (running.get() && currentLog == null) {
      // The runtime is still starting: the history entry needs the handle's event log. A new
      // build's view is emptied at once all the same.
      return reset ? LogFrame.NOTHING.replacing() : LogFrame.NOTHING;
    }
    LogFrame frame = log.take(Math.min(maxLines, backlogCap), following);
    apply(frame.steps());
    droppedLines += frame.skipped();
    return reset ? frame.replacing() : frame;
  }

  /**
   * The text of the shown log, or of one step of it ({@code step} null for all), made in the
   * background (a long log takes a while) and handed to {@code onDone} on the FX thread.
   */
  public void renderShown(Integer step, Consumer<String> onDone) {
    List<BuildEvent> events = log.shownEvents();
    tasks.run(() -> LogText.of(events, step), onDone,
        e -> summary.set("The log could not be put into text: " + e.getMessage()));
  }

  private void noteOlderRef() {
    if (lastRef.get() != null) {
      String at = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT)
          .format(Instant.ofEpochMilli(lastRefAt).atZone(ZoneId.systemDefault()));
      refNote.set("from the last good build (" + at + ")");
    }
  }

  private void apply(StepChanges u) {
    if (u.isEmpty()) {
      return;
    }
    steps.putAll(u.steps());
    stageSteps.putAll(u.stageSteps());
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
      lastRefAt = wallClock.getAsLong();
      refNote.set("");
    } else {
      noteOlderRef();
    }
    if (currentLog != null) {
      finished.accept(new BuildLogArchive.Entry(currentLog.buildId(), builtName, startedAt.toEpochMilli(),
          runtimeName.get(), end, line), currentLog);
    }
    handle = null;
  }
}
