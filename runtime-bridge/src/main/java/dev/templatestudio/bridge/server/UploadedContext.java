package dev.templatestudio.bridge.server;

import java.io.IOException;

/**
 * A build context a client uploaded to {@code serve}, or one file of the content cache behind
 * contexts sent file by file, as the store's prune sees it: something to remove as a whole,
 * least recently used first. Immutable.
 *
 * @param hex            its sha256, the name of its folder or file
 * @param lastUsedMillis when a build last used it (or it was uploaded), in epoch milliseconds
 * @param bytes          what it takes on disk
 * @param remover        takes it away: one atomic step, so a crash leaves it whole or gone
 * @param file           true for a cached file (a blob), false for a context
 */
public record UploadedContext(String hex, long lastUsedMillis, long bytes, Remover remover, boolean file) {

  /** A context. */
  public UploadedContext(String hex, long lastUsedMillis, long bytes, Remover remover) {
    this(hex, lastUsedMillis, bytes, remover, false);
  }

  /** Removes one context. */
  @FunctionalInterface
  public interface Remover {
    void remove() throws IOException;
  }
}
