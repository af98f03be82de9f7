package dev.templatestudio.bridge.embedded.prune;

import java.io.IOException;
import java.util.Set;

/**
 * Something prune removes as a whole, and what it keeps alive while it stays: a build cache
 * entry (its layer, or for step 0 the base image's blobs and layers), a template (its images'
 * blobs and layers; only with {@code --all}), a context a client uploaded to {@code serve} or one
 * file of serve's cache of context files.
 * Immutable.
 *
 * @param label      what prune prints for it: a cache entry's step, a template's name
 * @param lastUsed   when a build or a run last used it, in epoch milliseconds
 * @param ownBytes   what it takes itself (its index file, the context's files)
 * @param refs       the blobs ({@code blob:sha256:…}) and layers ({@code layer:sha256:…}) it keeps
 * @param heavyRefs  those of {@code refs} that are layers (tars or unpacked), not manifests or configs
 */
public record PruneUnit(Kind kind, String id, String label, long lastUsed, long ownBytes,
    Set<String> refs, Set<String> heavyRefs, Remover remover) {

  /** The kinds of unit, in the words prune prints. */
  public enum Kind {
    CACHE_ENTRY("build cache entries"), TEMPLATE("templates"), CONTEXT("uploaded contexts"),
    CACHE_MOUNT("cache mounts"), CONTEXT_FILE("cached context files");

    private final String words;

    Kind(String words) {
      this.words = words;
    }

    public String words() {
      return words;
    }
  }

  public PruneUnit {
    refs = Set.copyOf(refs);
    heavyRefs = Set.copyOf(heavyRefs);
  }

  /** Removes a unit from the store: one atomic step, so a crash leaves it whole or gone. */
  @FunctionalInterface
  public interface Remover {
    void remove() throws IOException;
  }
}
