package dev.templatestudio.bridge.embedded;

import dev.templatestudio.bridge.embedded.store.DiskBudget;
import dev.templatestudio.bridge.io.DiskUsage;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Watches the folder a running step writes into (its overlay upper dir) and stops the step
 * when what it wrote, with what the build took before it, goes past the build's
 * {@link DiskBudget}. A size-limited tmpfs or loop device per step would stop it exactly, but
 * needs a mount, a fixed size up front and a copy into the store afterwards. Instead two looks:
 *
 * <ul>
 *   <li>every 10 ms, the free space of the store's file system (one statfs, 20 to 120 µs
 *       here); writes show there at once, also while still in the page cache;
 *   <li>a walk of the folder, which says what the step itself wrote: when the file system lost
 *       more than the budget has left (or other writers made it look so), and anyway every so
 *       often (ten times the last walk's cost, 100 ms to 2 s), for sparse files that take no
 *       blocks yet would fill the layer's tar. Walks are at least five times their cost apart,
 *       so watching takes at most a fifth of a core. The walk runs in this process (a folder
 *       of a few big files takes microseconds, where starting du takes milliseconds); as it
 *       counts hard links once per link, du confirms before the step is stopped.
 * </ul>
 *
 * docs/SECURITY.md ("Disk") has how far past the bound a fast writer gets. Owns one daemon
 * thread from construction to {@link #close}.
 */
final class StepDiskWatch implements AutoCloseable {
  private static final long POLL_MILLIS = 10;
  private static final long MIN_WALK_MILLIS = 100;
  private static final long MAX_WALK_MILLIS = 2000;
  private final Path dir;
  private final DiskBudget budget;
  private final Runnable stop;
  private final FileStore fileSystem;
  private final long freeAtStart;
  private final Thread thread;
  private volatile boolean tripped;
  private volatile boolean closed;

  /**
   * Starts watching {@code dir}, before the step starts writing; {@code stop} (which kills the
   * step) runs once, on the watching thread, when the step goes past the budget.
   */
  StepDiskWatch(Path dir, DiskBudget budget, Runnable stop) throws IOException {
    this.dir = dir;
    this.budget = budget;
    this.stop = stop;
    this.fileSystem = Files.getFileStore(dir);
    this.freeAtStart = fileSystem.getUnallocatedSpace();
    this.thread = new Thread(this::watch, "step-disk-watch");
    thread.setDaemon(true);
    if (budget.bounded()) {
      thread.start();
    }
  }

  /** True when the step went past the budget (and {@code stop} ran). */
  boolean tripped() {
    return tripped;
  }

  private void watch() {
    try {
      long lastWalk = 0;
      long walkCost = 0;
      while (!closed) {
        long now = System.nanoTime() / 1_000_000;
        long left = budget.limitBytes() - budget.used();
        boolean looksPast = freeAtStart - fileSystem.getUnallocatedSpace() > left;
        long due = Math.max(MIN_WALK_MILLIS, Math.min(MAX_WALK_MILLIS, walkCost * 10));
        boolean mayLook = now - lastWalk >= Math.max(POLL_MILLIS, walkCost * 5);
        if (mayLook && (looksPast || now - lastWalk >= due)) {
          long written = DiskUsage.quick(dir);
          lastWalk = System.nanoTime() / 1_000_000;
          walkCost = lastWalk - now;
          if (!closed && written > left && DiskUsage.of(dir) > budget.limitBytes() - budget.used()) {
            tripped = true;
            budget.exceed();
            stop.run();
            return;
          }
        }
        Thread.sleep(POLL_MILLIS);
      }
    } catch (InterruptedException | InterruptedIOException e) {
      // Closed: the step ended.
    } catch (IOException e) {
      // A look that failed: the measurement after the step still charges what it wrote.
    }
  }

  /** Stops watching and waits for the watching thread to end. */
  @Override
  public void close() throws InterruptedException {
    closed = true;
    thread.interrupt();
    if (thread.isAlive()) {
      thread.join();
    }
  }
}
