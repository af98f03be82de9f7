package dev.templatestudio.bridge.embedded;

import dev.templatestudio.bridge.embedded.store.CacheIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes a stage's new cache entries, in the order of its steps, on a thread of its own while
 * the next step runs: each entry is an atomic write with two fsyncs (the file, its folder),
 * time a step of a few milliseconds otherwise waited for. An entry is still written after
 * its layer is in the store (its step adopted it before handing the entry over), and
 * {@link #close} waits for them all before the stage's image is written, so the build's
 * image never names a step whose entry is not on disk. A build killed meanwhile loses the
 * entries not yet written: a miss next time, as a kill during the step would. The thread is
 * made on the first entry (a fully cached stage starts none). Used by one stage's thread.
 */
final class CacheWrites implements AutoCloseable {
  private final CacheIndex cache;
  private final List<Future<?>> writes = new ArrayList<>();
  private ExecutorService thread;

  CacheWrites(CacheIndex cache) {
    this.cache = cache;
  }

  /** Writes {@code entry} under {@code key} after the entries handed over before it. */
  void put(String key, CacheIndex.Entry entry) {
    if (thread == null) {
      thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cache-writes");
        t.setDaemon(true);
        return t;
      });
    }
    writes.add(thread.submit(() -> {
      try {
        cache.put(key, entry);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }));
  }

  /** Waits until every entry is written; the first write's failure, if any. */
  @Override
  public void close() throws IOException {
    if (thread == null) {
      return;
    }
    thread.shutdown();
    boolean interrupted = false;
    IOException failed = null;
    try {
      for (Future<?> write : writes) {
        while (true) {
          try {
            write.get();
            break;
          } catch (InterruptedException e) {
            // A cancel does not interrupt writes of steps that finished: they are waited for.
            interrupted = true;
          } catch (ExecutionException e) {
            if (failed == null) {
              Throwable cause = e.getCause();
              failed = cause instanceof UncheckedIOException u ? u.getCause()
                  : new IOException("writing a cache entry failed: " + cause, cause);
            }
            break;
          }
        }
      }
    } finally {
      writes.clear();
      thread = null;
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    if (failed != null) {
      throw failed;
    }
  }
}
