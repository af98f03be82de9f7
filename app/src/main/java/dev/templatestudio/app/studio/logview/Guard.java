package dev.templatestudio.app.studio.logview;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The lock a log thread and the FX thread share, and the one way the log view uses it: a short
 * section under it that copies fields out or publishes a batch in, while the slow work (reading
 * the log, formatting, making documents) runs outside it. The FX thread only ever
 * {@link #tryGet tries} it, so a frame never waits for a thread that lost its core holding it.
 */
final class Guard {
  private final ReentrantLock lock;

  /** @param fair whether waiting threads get the lock in turn (so a frame's try is not starved) */
  Guard(boolean fair) {
    lock = new ReentrantLock(fair);
  }

  /** What {@code section} returns, run under the lock. */
  <T> T get(Supplier<T> section) {
    lock.lock();
    try {
      return section.get();
    } finally {
      lock.unlock();
    }
  }

  /** Runs {@code section} under the lock. */
  void run(Runnable section) {
    lock.lock();
    try {
      section.run();
    } finally {
      lock.unlock();
    }
  }

  /** What {@code section} returns, if the lock is free now; {@code busy} at once otherwise. */
  <T> T tryGet(Supplier<T> section, T busy) {
    if (!lock.tryLock()) {
      return busy;
    }
    try {
      return section.get();
    } finally {
      lock.unlock();
    }
  }
}
