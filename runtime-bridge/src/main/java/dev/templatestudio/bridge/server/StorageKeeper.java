package dev.templatestudio.bridge.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code serve --keep-storage-mb}: once the store is larger, prunes it back (least recently
 * used first: uploaded contexts and cached context files not used for {@link
 * #CONTEXT_GRACE_MILLIS}, build cache, what
 * nothing uses; never a template), when the server starts and after each build ends. Pruning
 * needs the store to itself: while builds or machines run it is left for the end of the last
 * of them. Owns one daemon thread; checks asked for while one runs are folded into one more.
 */
final class StorageKeeper implements AutoCloseable {
  /** A client may be told a context is here and build from it a moment later: recent ones stay. */
  static final long CONTEXT_GRACE_MILLIS = 10 * 60 * 1000;
  private final StoreKeeping store;
  private final ContextStore contexts;
  private final ContextBlobs blobs;
  private final long keepBytes;
  private final Consumer<String> log;
  private final ThreadPoolExecutor thread;

  StorageKeeper(StoreKeeping store, ContextStore contexts, ContextBlobs blobs, long keepBytes, Consumer<String> log) {
    this.store = store;
    this.contexts = contexts;
    this.blobs = blobs;
    this.keepBytes = keepBytes;
    this.log = log;
    // One thread, at most one check waiting behind the running one.
    this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(1), r -> {
      Thread t = new Thread(r, "serve-storage");
      t.setDaemon(true);
      return t;
    }, new ThreadPoolExecutor.DiscardPolicy());
  }

  /** Asks for a check soon, on the keeper's thread; returns at once. */
  void check() {
    thread.execute(this::checkNow);
  }

  private void checkNow() {
    try {
      // Measured without holding the store first: builds that start meanwhile need not wait.
      if (store.size() <= keepBytes) {
        return;
      }
      String pruned = store.pruneTo(keepBytes, () -> {
        long before = System.currentTimeMillis() - CONTEXT_GRACE_MILLIS;
        List<UploadedContext> units = new ArrayList<>(contexts.unusedSince(before));
        units.addAll(blobs.unusedSince(before));
        return units;
      });
      if (pruned != null) {
        log.accept("the store was past --keep-storage-mb " + (keepBytes >> 20) + ": " + pruned);
      }
    } catch (IOException | RuntimeException e) {
      log.accept("pruning the store failed: " + e.getMessage());
    }
  }

  /** Stops after the check in progress, if any. */
  @Override
  public void close() {
    thread.shutdown();
    try {
      thread.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
