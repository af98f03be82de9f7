package dev.templatestudio.app.studio.build;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.EventLog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Reads builds' events away from the FX thread. The live build's events feed the step
 * bookkeeping ({@link StepTracker}); the events of the log on show (the live one or a past
 * build's), seen through a {@link LogLens} (one step, folded steps), are formatted into a
 * {@link LogRing} of the newest lines. The FX thread then takes, once per frame, only what
 * changed ({@link #take}), so per-frame work depends on the frame's news, never on how many
 * lines came before, and a new filter or fold costs the FX thread no more than a frame.
 *
 * <p>Events are read from the log by seq, a bounded batch at a time: the runtime's event log
 * keeps every event anyway, so a reader that falls behind catches up from it and nothing is
 * queued in between (a queue of pending events grew by hundreds of megabytes under a fast
 * stream, and collecting it stalled the FX thread). An appended event only wakes the reader.
 * Methods other than the work itself are for the FX thread; the work runs on {@code executor}.
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
   * The most lines a frame puts in place of the view's: a replace makes every line in view new,
   * each a node to style and lay out (most of a frame's time), so it takes about half a view's
   * worth; later frames put the older lines before them, a frame's limit at a time, and lines
   * that go in above the view cost little.
   */
  static final int RESUME_LINES = 24;

  /**
   * What one frame takes. The view always holds a contiguous run of the newest lines: when
   * new lines were skipped (or the lens changed) it is replaced, and once the stream pauses it
   * is filled backwards with older lines up to the cap, a frame's limit at a time.
   *
   * @param lines   new lines, oldest first
   * @param skipped new lines that were not kept (the ring or the frame's limit had no room)
   * @param replace whether {@code lines} replace the view instead of following it
   * @param older   lines that go before the view's first line
   * @param headers folded section headers already in the view whose count of hidden lines grew
   * @param steps   step changes since the last frame
   */
  record Frame(LogChunk lines, long skipped, boolean replace, LogChunk older, List<LogChunk> headers,
      StepTracker.Update steps) {
  }

  private static final Frame NOTHING_NEW =
      new Frame(LogChunk.empty(0), 0, false, null, List.of(), StepTracker.Update.NONE);
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final Executor executor;
  private final LongSupplier clock;
  private final int cap;
  /** Fair, so the FX thread's once-a-frame take never waits behind a busy worker. */
  private final ReentrantLock lock = new ReentrantLock(true);
  private final StepTracker tracker = new StepTracker();
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
  private LogRing ring;
  private final Map<Integer, Long> hidden = new HashMap<>();
  private final Map<Integer, Long> headerAt = new HashMap<>();
  private final Set<Integer> recounted = new LinkedHashSet<>();
  private boolean restarted;
  /** Whether lines were skipped between lines in the view, and when it may be made whole. */
  private final StreamPacing pacing;
  /** The view shows lines numbered shownFrom up to taken. */
  private long shownFrom;
  private long taken;

  /** @param cap the most lines kept for the view */
  LogIngest(Executor executor, LongSupplier clock, LongSupplier nanos, int cap) {
    this.executor = executor;
    this.clock = clock;
    this.pacing = new StreamPacing(nanos);
    this.cap = cap;
    this.ring = new LogRing(cap);
  }

  /** Starts a new build of {@code parts} parts: no events yet, all parts queued, its log on show. */
  void reset(int parts) {
    lock.lock();
    try {
      stopWakeUps();
      tracker.reset(parts);
      live = null;
      tracked = 0;
      shown = null;
      restart();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Reads the live build's events from {@code log}, from its first, and shows them unless
   * {@code showIt} is false (a past build is on show).
   */
  void follow(EventLog log, boolean showIt) {
    lock.lock();
    try {
      stopWakeUps();
      live = LogSource.of(log);
      tracked = 0;
      if (showIt) {
        shown = live;
        restart();
      }
    } finally {
      lock.unlock();
    }
    // Stored events are read by seq, not replayed: the listener only wakes the reader. It is
    // subscribed outside the lock, since the log calls it holding its own.
    wakeUps = log.subscribe(Long.MAX_VALUE, e -> wake());
    wake();
  }

  /** Shows {@code source} (null: the live build's log) through {@code lens}, formatted afresh. */
  void show(LogSource source, LogLens lens) {
    lock.lock();
    try {
      shown = source != null ? source : live;
      this.lens = lens;
      restart();
    } finally {
      lock.unlock();
    }
    wake();
  }

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
    LogSource l;
    LogSource s;
    long t;
    long r;
    lock.lock();
    try {
      l = live;
      s = shown;
      t = tracked;
      r = read;
    } finally {
      lock.unlock();
    }
    // The logs are asked outside the lock: a log calls its listeners holding its own.
    return (l == null ? 0 : l.lastSeq() - t) + (s == null ? 0 : s.lastSeq() - r);
  }

  /** Lines formatted and not yet in the view: new ones, and older ones still to fill it. */
  long unread() {
    lock.lock();
    try {
      // A view the stream outran is still to be made whole.
      return ring.total() - taken + Math.max(0, shownFrom - fillFrom()) + (pacing.gapped() ? 1 : 0);
    } finally {
      lock.unlock();
    }
  }

  /**
   * What changed since the last call: the new lines (at most the newest {@code maxLines}),
   * or when there are none older lines to fill the view, folded headers to update, and the step
   * changes. With {@code contiguous} false the new lines follow the view even when some were
   * skipped, leaving a gap.
   */
  Frame take(int maxLines, boolean contiguous) {
    LogLine[] lines;
    long first;
    long skipped;
    boolean replace;
    List<LogLine> headers = new ArrayList<>();
    List<Long> headerLines = new ArrayList<>();
    LogLine[] older = null;
    long olderFirst = 0;
    StepTracker.Update steps;
    // The log thread runs at background priority: a frame that finds it publishing does not
    // wait for it to get a core again, it takes the news at the next frame.
    if (!lock.tryLock()) {
      return NOTHING_NEW;
    }
    try {
      long total = ring.total();
      long fresh = total - taken;
      boolean viewHoldsLines = taken > shownFrom;
      // Of the fresh lines, those this frame shows or a later frame puts before them.
      long kept = 0;
      if (contiguous && !restarted && viewHoldsLines && fresh > maxLines) {
        // The stream outruns the eye: now and then its newest few lines follow the view.
        if (pacing.outrunShowsNow()) {
          lines = ring.since(taken, StreamPacing.OUTRUN_LINES);
        } else {
          lines = new LogLine[0];
          fresh = 0;
          total = taken;
        }
        replace = false;
      } else if (contiguous && pacing.gapped() && !pacing.calm()) {
        // A lull after a gap: the lines follow the view, which is made whole once it stays slow.
        lines = ring.since(taken, maxLines);
        replace = false;
      } else if (contiguous && pacing.gapped()) {
        int n = Math.min(maxLines, RESUME_LINES);
        lines = ring.since(total - n, n);
        kept = Math.min(maxLines, fresh);
        replace = true;
        pacing.whole();
      } else {
        lines = ring.since(taken, maxLines);
        // An empty view starts at the newest lines when older ones were skipped.
        replace = restarted || (contiguous && fresh > lines.length && lines.length > 0);
        kept = lines.length;
        if (replace && lines.length > RESUME_LINES) {
          // The rest of them are put before these by the next frames: not skipped.
          lines = Arrays.copyOfRange(lines, lines.length - RESUME_LINES, lines.length);
        }
      }
      first = total - lines.length;
      skipped = fresh - Math.min(fresh, Math.max(kept, lines.length));
      if (replace) {
        shownFrom = first;
      }
      restarted = false;
      for (int step : recounted) {
        Long at = headerAt.get(step);
        LogLine header = at == null || at < shownFrom || at >= first ? null : ring.get(at);
        if (header != null) {
          headers.add(shownAs(header));
          headerLines.add(at);
        }
      }
      recounted.clear();
      taken = total;
      if (lines.length == 0 && !pacing.gapped() && shownFrom > fillFrom()) {
        olderFirst = Math.max(fillFrom(), shownFrom - Math.max(1, maxLines));
        older = ring.range(olderFirst, shownFrom);
        shownFrom = olderFirst;
        decorate(older);
      }
      decorate(lines);
      steps = tracker.take();
    } finally {
      lock.unlock();
    }
    // The documents are made outside the lock: the worker need not wait for them.
    List<LogChunk> headerChunks = new ArrayList<>();
    for (int i = 0; i < headers.size(); i++) {
      headerChunks.add(LogChunk.of(new LogLine[] {headers.get(i)}, headerLines.get(i)));
    }
    return new Frame(LogChunk.of(lines, first), skipped, replace, older == null ? null : LogChunk.of(older, olderFirst),
        headerChunks, steps);
  }

  private void decorate(LogLine[] lines) {
    for (int i = 0; i < lines.length; i++) {
      lines[i] = shownAs(lines[i]);
    }
  }

  /** A folded section's header with its count of hidden lines; any other line as it is. */
  private LogLine shownAs(LogLine line) {
    if (line.section() < 0 || !lens.folds(line.section())) {
      return line;
    }
    return line.foldedWith(hidden.getOrDefault(line.section(), 0L));
  }

  /** The first line a full view would show. */
  private long fillFrom() {
    return Math.max(ring.total() - ring.size(), taken - cap);
  }

  /** Forgets the shown log's lines, to format it afresh from its first event. Under the lock. */
  private void restart() {
    generation++;
    ring = new LogRing(cap);
    read = 0;
    hidden.clear();
    headerAt.clear();
    recounted.clear();
    taken = 0;
    shownFrom = 0;
    restarted = true;
    pacing.whole();
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

  /** Makes sure a worker reads what the logs hold; any thread. */
  private void wake() {
    if (scheduled.compareAndSet(false, true)) {
      executor.execute(this::work);
    }
  }

  private void work() {
    do {
      boolean more = true;
      while (more) {
        // Not ||: both logs move forward in each round.
        more = track() | format();
      }
      scheduled.set(false);
    } while (behind() && scheduled.compareAndSet(false, true));
  }

  private boolean behind() {
    return pending() > 0;
  }

  /** Reads a batch of the live log into the step bookkeeping; false when there was none. */
  private boolean track() {
    LogSource src;
    long from;
    lock.lock();
    try {
      src = live;
      from = tracked;
    } finally {
      lock.unlock();
    }
    List<BuildEvent> events = src == null ? List.of() : src.after(from, READ);
    if (events.isEmpty()) {
      return false;
    }
    lock.lock();
    try {
      if (src == live && from == tracked) {
        long now = clock.getAsLong();
        for (BuildEvent e : events) {
          tracker.apply(e, now);
        }
        tracked = from + events.size();
      }
    } finally {
      lock.unlock();
    }
    return true;
  }

  /**
   * Reads a batch of the shown log into lines; false when there was none. The lines are
   * formatted outside the lock and only published under it: a worker that lost its core while
   * holding the lock would make the frame wait.
   */
  private boolean format() {
    LogSource src;
    long from;
    int gen;
    LogLens seen;
    lock.lock();
    try {
      src = shown;
      from = read;
      gen = generation;
      seen = lens;
    } finally {
      lock.unlock();
    }
    List<BuildEvent> events = src == null ? List.of() : src.after(from, READ);
    if (events.isEmpty()) {
      return false;
    }
    if (gen != formatterGeneration) {
      formatter = new LogFormatter();
      formatterGeneration = gen;
    }
    // Far behind, on a plain view, the lines of all but the newest events would only pass
    // through the ring: those are counted, not formatted, so a reader that fell behind on a
    // busy machine catches up at a fraction of the cost.
    long skimTo = seen.equals(LogLens.ALL) ? src.lastSeq() - SKIM_BEHIND * (long) cap : 0;
    int i = 0;
    while (i < events.size()) {
      StagedLines staged = new StagedLines(seen, formatter);
      int end = Math.min(events.size(), i + BATCH);
      for (; i < end; i++) {
        staged.format(events.get(i), from + i < skimTo);
      }
      lock.lock();
      try {
        if (gen != generation) {
          return true;
        }
        staged.publishTo(ring, headerAt, hidden, recounted);
        read = from + i;
      } finally {
        lock.unlock();
      }
    }
    return true;
  }
}
