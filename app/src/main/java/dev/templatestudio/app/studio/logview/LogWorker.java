package dev.templatestudio.app.studio.logview;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * A log thread's work for one reader: woken from any thread (an appended event, a frame), it
 * runs batches on its executor until none is left, at most one run at a time, and runs again
 * when the log grew while it was finishing. Nothing is queued but the wake-up itself: the
 * reader reads the log by seq.
 */
final class LogWorker {
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final Executor executor;
  private final BooleanSupplier batch;
  private final BooleanSupplier behind;

  /**
   * @param batch  does one batch of work; false when there was none
   * @param behind whether work came in after the last batch found none
   */
  LogWorker(Executor executor, BooleanSupplier batch, BooleanSupplier behind) {
    this.executor = executor;
    this.batch = batch;
    this.behind = behind;
  }

  /** Makes sure a run follows; any thread. */
  void wake() {
    if (scheduled.compareAndSet(false, true)) {
      try {
        executor.execute(this::run);
      } catch (RejectedExecutionException closing) {
        // The log threads were shut down: the studio is closing, no view waits for this.
        scheduled.set(false);
      }
    }
  }

  private void run() {
    do {
      boolean more;
      do {
        more = batch.getAsBoolean();
      } while (more);
      scheduled.set(false);
    } while (behind.getAsBoolean() && scheduled.compareAndSet(false, true));
  }
}
