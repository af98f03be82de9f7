package dev.templatestudio.bridge.server;

import java.io.IOException;

/**
 * A build context a client uploaded to {@code serve}, as the store's prune sees it: something
 * to remove as a whole, least recently used first. Immutable.
 *
 * @param hex            its sha256, the name of its folder
 * @param lastUsedMillis when a build last used it (or it was uploaded), in epoch milliseconds
 * @param bytes          what its files take on disk
 * @param remover        takes it away: one atomic step, so a crash leaves it whole or gone
 */
public record UploadedContext(String hex, long lastUsedMillis, long bytes, Remover remover) {

  /** Removes one context. */
  @FunctionalInterface
  public interface Remover {
    void remove() throws IOException;
  }
}
