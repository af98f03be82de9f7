package dev.templatestudio.app.studio.build;

import dev.templatestudio.bridge.build.BuildEvent;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
   * What one frame takes.
   *
   * @param lines   new lines, oldest first
   * @param skipped new lines that were not kept (the ring or the frame's limit had no room)
   * @param steps   step changes since the last frame
   */
  record Frame(LogLine[] lines, long skipped, StepTracker.Update steps) {
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
  private long taken;

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

  /** Lines taken in and not yet taken by the view. */
  synchronized long unread() {
    return ring.total() - taken;
  }

  /** Starts a new build of {@code parts} parts: an empty log, all parts queued. */
  synchronized void reset(int parts) {
    ring = new LogRing(cap);
    formatter = new LogFormatter();
    tracker.reset(parts);
    taken = 0;
  }

  /**
   * What changed since the last call: the new lines (at most the newest {@code maxLines}; none
   * when {@code withLines} is false, as while a past build is shown) and the step changes.
   */
  synchronized Frame take(int maxLines, boolean withLines) {
    long total = ring.total();
    LogLine[] lines = withLines ? ring.since(taken, maxLines) : new LogLine[0];
    long skipped = total - taken - lines.length;
    taken = total;
    return new Frame(lines, skipped, tracker.take());
  }

  /** The newest lines the ring holds, at most {@code maxLines}; they count as taken. */
  synchronized LogLine[] tail(int maxLines) {
    taken = ring.total();
    return ring.since(0, maxLines);
  }

  private void work() {
    do {
      BuildEvent e = queue.poll();
      while (e != null) {
        int n = 0;
        synchronized (this) {
          do {
            formatter.format(e, ring);
            tracker.apply(e, clock.getAsLong());
            n++;
          } while (n < BATCH && (e = queue.poll()) != null);
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
