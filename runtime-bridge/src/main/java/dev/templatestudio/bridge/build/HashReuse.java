package dev.templatestudio.bridge.build;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * How a run hashes context files: with a {@link FileHashCache} to reuse earlier hashes (a
 * prediction) or none (a build reads every file), and when to give up because the result is
 * no longer wanted (a newer edit arrived).
 *
 * @param cache the remembered hashes; null to hash every file
 * @param stale true once the run should stop; checked before each file
 */
public record HashReuse(FileHashCache cache, BooleanSupplier stale) {
  /** A build's: every file read, never given up. */
  public static final HashReuse NONE = new HashReuse(null, () -> false);

  public HashReuse {
    stale = stale == null ? () -> false : stale;
  }

  /** Throws when the run is stale: its caller wants a newer one instead. */
  public void check() {
    if (stale.getAsBoolean()) {
      throw new CancellationException("a newer prediction replaces this one");
    }
  }
}
