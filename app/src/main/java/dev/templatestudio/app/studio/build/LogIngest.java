package dev.templatestudio.app.studio.build;

import dev.templatestudio.bridge.build.BuildEvent;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Takes in a live build's events away from the FX thread: formats them (text, style runs,
 * ANSI, headers, CACHED) into a {@link LogRing} of the newest lines and keeps the step
 * bookkeeping in a {@link StepTracker}, at formatting speed whatever the frame rate. The FX
 * thread then takes, once per frame, only what changed ({@link #take}): the new lines that
 * still fit, and the latest state of each changed step. So per-frame work depends on the
 * frame's news, never on how many lines came before.
 *
 * <p>{@link #offer} is for any thread; the work runs on {@code executor}, one task at a time.
 */
final class LogIngest {
  /** Events formatted per hold of the lock, so a frame's {@link #take} never waits long. */
  private static final int BATCH = 256;

  /**
   * What one frame takes. The view always holds a contiguous run of the newest lines: when
   * new lines were skipped it is replaced, and once the stream pauses it is filled backwards
   * with older lines up to the cap, a frame's limit at a time.
   *
   * @param lines   new lines, oldest first
   * @param skipped new lines that were not kept (the ring or the frame's limit had no room)
   * @param replace whether {@code lines} replace the view instead of following it
   * @param older   lines that go before the view's first line
   * @param steps   step changes since the last frame
   */
  record Frame(LogLine[] lines, long skipped, boolean replace, LogLine[] older, StepTracker.Update steps) {
  }

  private final Queue<BuildEvent> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final Executor executor;
  private final LongSupplier clock;
  private final int cap;
  private final StepTracker tracker = new StepTracker();
  private LogRing ring;
  private LogFormatter formatter = new LogFormatter();
  /** The view shows lines numbered shownFrom up to taken. */
  private long shownFrom;
  private long taken;
  /** Fair, so the FX thread's once-a-frame take never waits behind a busy worker. */
  private final ReentrantLock lock = new ReentrantLock(true);

  /** @param cap the most lines kept for the view */
  LogIngest(Executor executor, LongSupplier clock, int cap) {
    this.executor = executor;
    this.clock = clock;
    this.cap = cap;
    this.ring = new LogRing(cap);
  }

  /** Queues an event and makes sure a worker takes it in; any thread. */
  void offer(BuildEvent e) {
    queue.add(e);
    queued.incrementAndGet();
    if (scheduled.compareAndSet(false, true)) {
      executor.execute(this::work);
    }
  }

  /** Events offered and not yet taken in. */
  int pending() {
    return queued.get();
  }

  /** Lines taken in and not yet in the view: new ones, and older ones still to fill it. */
  long unread() {
    lock.lock();
    try {
      return ring.total() - taken + Math.max(0, shownFrom - fillFrom());
    } finally {
      lock.unlock();
    }
  }

  /** Starts a new build of {@code parts} parts: an empty log, all parts queued. */
  void reset(int parts) {
    lock.lock();
    try {
      ring = new LogRing(cap);
      formatter = new LogFormatter();
      tracker.reset(parts);
      taken = 0;
      shownFrom = 0;
    } finally {
      lock.unlock();
    }
  }

  /**
   * What changed since the last call: the new lines (at most the newest {@code maxLines}; none
   * when {@code withLines} is false, as while a past build is shown), or when there are none
   * older lines to fill the view, and the step changes. With {@code contiguous} false the
   * new lines follow the view even when some were skipped, leaving a gap.
   */
  Frame take(int maxLines, boolean withLines, boolean contiguous) {
    lock.lock();
    try {
      long total = ring.total();
      LogLine[] none = new LogLine[0];
      LogLine[] lines = withLines ? ring.since(taken, maxLines) : none;
      long skipped = total - taken - lines.length;
      boolean replace = contiguous && skipped > 0 && lines.length > 0;
      if (replace) {
        shownFrom = total - lines.length;
      }
      taken = total;
      LogLine[] older = none;
      if (withLines && contiguous && lines.length == 0 && shownFrom > fillFrom()) {
        long from = Math.max(fillFrom(), shownFrom - Math.max(1, maxLines));
        older = ring.range(from, shownFrom);
        shownFrom = from;
      }
      return new Frame(lines, skipped, replace, older, tracker.take());
    } finally {
      lock.unlock();
    }
  }

  /** The newest lines the ring holds, at most {@code maxLines}; they count as shown. */
  LogLine[] tail(int maxLines) {
    lock.lock();
    try {
      taken = ring.total();
      LogLine[] lines = ring.since(0, maxLines);
      shownFrom = taken - lines.length;
      return lines;
    } finally {
      lock.unlock();
    }
  }

  /** The first line a full view would show. */
  private long fillFrom() {
    return Math.max(ring.total() - ring.size(), taken - cap);
  }

  private void work() {
    do {
      BuildEvent e = queue.poll();
      while (e != null) {
        int n = 0;
        lock.lock();
        try {
          do {
            formatter.format(e, ring);
            tracker.apply(e, clock.getAsLong());
            n++;
          } while (n < BATCH && (e = queue.poll()) != null);
        } finally {
          lock.unlock();
        }
        queued.addAndGet(-n);
        if (n == BATCH) {
          e = queue.poll();
        }
      }
      scheduled.set(false);
    } while (!queue.isEmpty() && scheduled.compareAndSet(false, true));
  }
}
