package dev.templatestudio.app.studio.logview;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.EventLog;
import java.util.List;
import java.util.function.LongSupplier;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * The log view's model: which build log is on show (the live build's, or an earlier one's),
 * what of it (the {@link LogLens}: one step, folded steps), and once per frame what changed
 * ({@link #take}). It knows only the event log: whoever runs builds tells it which log to
 * follow. The reading and formatting run on the log thread of {@link LogThreads}; a frame takes
 * their result without waiting. FX thread.
 */
public final class LogFeed {
  private final LogThreads threads;
  private final LogIngest ingest;
  private final ReadOnlyObjectWrapper<LogLens> lens = new ReadOnlyObjectWrapper<>(this, "lens", LogLens.ALL);
  private EventLog live;
  /** The earlier log on show instead of the live one; null for the live one. */
  private LogSource earlier;

  /**
   * @param clock the wall clock, in milliseconds, that times the steps
   * @param nanos a monotonic clock, in nanoseconds ({@code System::nanoTime}), that paces the
   *              view under a fast stream
   * @param cap   the most lines kept for the view; older ones leave it (the event log keeps them)
   */
  public LogFeed(LogThreads threads, LongSupplier clock, LongSupplier nanos, int cap) {
    this.threads = threads;
    this.ingest = new LogIngest(threads.ingest(), clock, nanos, cap);
  }

  /** A new build of {@code parts} parts (base and steps) starts: its log goes on show, empty so far. */
  public void reset(int parts) {
    live = null;
    earlier = null;
    ingest.reset(parts);
  }

  /**
   * Reads the live build's events from {@code log}: the steps follow it, and so does the view
   * unless an earlier log is on show.
   */
  public void follow(EventLog log) {
    live = log;
    ingest.follow(log, earlier == null);
  }

  /** Shows {@code log}, a finished build's, instead of the live one; formatted in the background. */
  public void showEarlier(EventLog log) {
    earlier = LogSource.of(log);
    ingest.show(earlier, lens.get());
  }

  /** Shows the live build's log again. */
  public void showLive() {
    earlier = null;
    ingest.show(null, lens.get());
  }

  /** What the log shows: all steps or one, and which are folded. */
  public ReadOnlyObjectProperty<LogLens> lensProperty() {
    return lens.getReadOnlyProperty();
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
    ingest.show(earlier, next);
  }

  /**
   * What changed since the last frame: at most the newest {@code maxLines} new lines, older lines
   * to fill the view, grown folded headers and the step changes. Once per frame.
   *
   * @param following whether the view follows the tail; when it does not, skipped lines leave a
   *                  gap rather than replace what the person is reading
   */
  public LogFrame take(int maxLines, boolean following) {
    return ingest.take(maxLines, following);
  }

  /** Events in the logs not yet read by the log thread. */
  public long pendingEvents() {
    return ingest.pending();
  }

  /** Events not yet read, plus lines formatted and not yet taken by a frame. */
  public long backlog() {
    return ingest.pending() + ingest.unread();
  }

  /** The events of the log on show: the earlier build's, else the live one's (none before it starts). */
  public List<BuildEvent> shownEvents() {
    if (earlier != null) {
      return earlier.after(0, Integer.MAX_VALUE);
    }
    return live == null ? List.of() : live.after(0);
  }

  /** The log on show and how the view sees it, for find. */
  LogIngest.Shown shown() {
    return ingest.shown();
  }

  /** The threads the log views share; find searches on one of them. */
  LogThreads threads() {
    return threads;
  }
}
