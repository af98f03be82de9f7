package dev.templatestudio.app.studio.logview;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.EventLog;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * The log thread's reading of a build: the live build's events are folded into the latest state
 * of each step ({@link StepTracker}), and the events of the log on show (the live one or a past
 * build's), seen through a {@link LogLens} (one step, folded steps), are formatted into a
 * {@link LogWindow} of the newest lines. A frame then takes only what changed ({@link #take}),
 * and a new filter or fold costs the FX thread no more than a frame.
 *
 * <p>Events are read from the log by seq, a bounded batch at a time: the runtime's event log
 * keeps every event anyway, so a reader that falls behind catches up from it and nothing is
 * queued in between (a queue of pending events grew by hundreds of megabytes under a fast
 * stream, and collecting it stalled the FX thread). An appended event only wakes the reader.
 * Methods other than the work itself are for the FX thread; the work runs on the executor given.
 */
final class LogIngest {
  /** Events read from a log at a time. */
  private static final int READ = 4096;
  /** Events formatted per hold of the lock, so a frame's {@link #take} never waits long. */
  private static final int BATCH = 256;
  /**
   * How far behind (in ring capacities of events) a reader counts lines instead of formatting
   * them: at least one line per event mostly, so twice the cap leaves the ring full.
   */
  private static final int SKIM_BEHIND = 2;

  /**
   * The log on show, as {@link #shown()} tells a search of it.
   *
   * @param source     the log on show; null for none
   * @param lens       what of it the view shows
   * @param generation rises each time the log on show is formatted afresh (another log, lens or build)
   * @param cap        the most lines the view keeps
   */
  record Shown(LogSource source, LogLens lens, int generation, int cap) {
  }

  /** Where the worker reads the shown log from, copied under the guard. */
  private record Reading(LogSource source, long from, int generation, LogLens lens) {
  }

  /** How far the worker read each log, copied under the guard. */
  private record Positions(LogSource live, long tracked, LogSource shown, long read) {
  }

  /** What a frame takes under the guard. */
  private record Taken(LogWindow.Cut cut, StepChanges steps) {
  }

  private final LogWorker worker;
  private final LongSupplier clock;
  private final int cap;
  /** Fair, so the FX thread's once-a-frame take never waits behind a busy worker. */
  private final Guard guard = new Guard(true);
  private final StepTracker tracker = new StepTracker();
  private final StreamPacing pacing;
  private LogSource live;
  private long tracked;
  private AutoCloseable wakeUps;
  private LogSource shown;
  private long read;
  private LogLens lens = LogLens.ALL;
  /** Rises with each restart of the shown log, so a worker drops a batch read before it. */
  private int generation;
  /** The worker's formatter, and the generation of the shown log it formats. Worker only. */
  private LogFormatter formatter = new LogFormatter();
  private int formatterGeneration;
  private LogWindow window;

  /**
   * @param clock the wall clock, in milliseconds, that times the steps
   * @param nanos a monotonic clock, in nanoseconds, that paces the view under a fast stream
   * @param cap   the most lines kept for the view
   */
  LogIngest(Executor executor, LongSupplier clock, LongSupplier nanos, int cap) {
    this.worker = new LogWorker(executor, () -> track() | format(), () -> pending() > 0);
    this.clock = clock;
    this.pacing = new StreamPacing(nanos);
    this.cap = cap;
    this.window = new LogWindow(cap, lens, pacing);
  }

  /** Starts a new build of {@code parts} parts: no events yet, all parts queued, its log on show. */
  void reset(int parts) {
    guard.run(() -> {
      stopWakeUps();
      tracker.reset(parts);
      live = null;
      tracked = 0;
      shown = null;
      restart();
    });
  }

  /**
   * Reads the live build's events from {@code log}, from its first, and shows them unless
   * {@code showIt} is false (a past build is on show).
   */
  void follow(EventLog log, boolean showIt) {
    LogSource source = LogSource.of(log);
    guard.run(() -> {
      stopWakeUps();
      live = source;
      tracked = 0;
      if (showIt) {
        shown = live;
        restart();
      }
    });
    // Stored events are read by seq, not replayed: the listener only wakes the reader. It is
    // subscribed outside the lock, since the log calls it holding its own.
    wakeUps = log.subscribe(Long.MAX_VALUE, e -> worker.wake());
    worker.wake();
  }

  /** Shows {@code source} (null: the live build's log) through {@code lens}, formatted afresh. */
  void show(LogSource source, LogLens lens) {
    guard.run(() -> {
      shown = source != null ? source : live;
      this.lens = lens;
      restart();
    });
    worker.wake();
  }

  /**
   * What is on show now, for a search of what the view holds. Without the lock: the fields it
   * reads change only in the FX thread's methods (the worker only reads them), so a frame asks
   * this without waiting for a worker.
   */
  Shown shown() {
    return new Shown(shown, lens, generation, cap);
  }

  /** Events in the logs not yet read: the live one's for the steps, the shown one's for lines. */
  long pending() {
    Positions p = guard.get(() -> new Positions(live, tracked, shown, read));
    // The logs are asked outside the lock: a log calls its listeners holding its own.
    return (p.live() == null ? 0 : p.live().lastSeq() - p.tracked())
        + (p.shown() == null ? 0 : p.shown().lastSeq() - p.read());
  }

  /** Lines formatted and not yet in the view: new ones, and older ones still to fill it. */
  long unread() {
    return guard.get(() -> window.unread());
  }

  /**
   * What changed since the last call: the new lines (at most the newest {@code maxLines}), or
   * when there are none older lines to fill the view, folded headers to update, and the step
   * changes. With {@code contiguous} false the new lines follow the view even when some were
   * skipped, leaving a gap.
   */
  LogFrame take(int maxLines, boolean contiguous) {
    // The log thread runs at background priority: a frame that finds it publishing does not
    // wait for it to get a core again, it takes the news at the next frame.
    Taken t = guard.tryGet(() -> new Taken(window.take(maxLines, contiguous), tracker.take()), null);
    // The documents are made outside the lock: the worker need not wait for them.
    return t == null ? LogFrame.NOTHING : t.cut().frame(t.steps());
  }

  /** Forgets the shown log's lines, to format it afresh from its first event. Under the guard. */
  private void restart() {
    generation++;
    read = 0;
    window = new LogWindow(cap, lens, pacing);
  }

  private void stopWakeUps() {
    if (wakeUps != null) {
      try {
        wakeUps.close();
      } catch (Exception e) {
        throw new IllegalStateException("an event log's subscription did not close", e);
      }
      wakeUps = null;
    }
  }

  /** Reads a batch of the live log into the step bookkeeping; false when there was none. */
  private boolean track() {
    Positions p = guard.get(() -> new Positions(live, tracked, shown, read));
    List<BuildEvent> events = p.live() == null ? List.of() : p.live().after(p.tracked(), READ);
    if (events.isEmpty()) {
      return false;
    }
    guard.run(() -> {
      if (p.live() == live && p.tracked() == tracked) {
        long now = clock.getAsLong();
        for (BuildEvent e : events) {
          tracker.apply(e, now);
        }
        tracked = p.tracked() + events.size();
      }
    });
    return true;
  }

  /**
   * Reads a batch of the shown log into lines; false when there was none. The lines are
   * formatted outside the lock and only published under it: a worker that lost its core while
   * holding the lock would make the frame wait.
   */
  private boolean format() {
    Reading r = guard.get(() -> new Reading(shown, read, generation, lens));
    List<BuildEvent> events = r.source() == null ? List.of() : r.source().after(r.from(), READ);
    if (events.isEmpty()) {
      return false;
    }
    if (r.generation() != formatterGeneration) {
      formatter = new LogFormatter();
      formatterGeneration = r.generation();
    }
    // Far behind, on a plain view, the lines of all but the newest events would only pass
    // through the ring: those are counted, not formatted, so a reader that fell behind on a
    // busy machine catches up at a fraction of the cost.
    long skimTo = r.lens().equals(LogLens.ALL) ? r.source().lastSeq() - SKIM_BEHIND * (long) cap : 0;
    int i = 0;
    while (i < events.size()) {
      StagedLines staged = new StagedLines(r.lens(), formatter);
      int end = Math.min(events.size(), i + BATCH);
      for (; i < end; i++) {
        staged.format(events.get(i), r.from() + i < skimTo);
      }
      long readTo = r.from() + i;
      boolean current = guard.get(() -> {
        if (r.generation() != generation) {
          return false;
        }
        window.add(staged);
        read = readTo;
        return true;
      });
      if (!current) {
        return true;
      }
    }
    return true;
  }
}
