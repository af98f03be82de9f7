package dev.templatestudio.bridge.server;

import java.io.IOException;
import java.util.List;

/**
 * What {@code serve --keep-storage-mb} asks of the store it runs over: its size, and a prune
 * back under a bound that may take the contexts clients uploaded too. The server knows no
 * store; {@code runtimes.ServeStorage} gives the embedded store's. Called on the keeper's thread.
 */
public interface StoreKeeping {

  /** The store's size in bytes, measured without holding it. */
  long size() throws IOException;

  /**
   * Prunes the store back to {@code keepBytes}, least recently used first, offering also the
   * contexts {@code contexts} lists; skipped while builds or machines use the store.
   *
   * @return what it removed in words ({@code pruned 2 uploaded contexts, freeing 3 MB; it is
   *     now 1 MB}), or null when it removed nothing or the store was busy
   */
  String pruneTo(long keepBytes, Contexts contexts) throws IOException;

  /** The uploaded contexts prune may take, listed when the store is held alone. */
  @FunctionalInterface
  interface Contexts {
    List<UploadedContext> list() throws IOException;
  }
}
