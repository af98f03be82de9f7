package dev.templatestudio.bridge.embedded;

import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.embedded.store.CacheIndex;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.plan.BuildHistory;
import dev.templatestudio.bridge.plan.BuildPlan;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Whether a planned step comes from the store's cache, and if not why: the one rule a build
 * acts on and a prediction foretells with ({@link CachePredictor}), so the two cannot differ.
 * Reads the store only. Stateless.
 */
final class CacheLookup {
  private CacheLookup() {}

  /**
   * One step's lookup.
   *
   * @param entry  what the cache holds for the step's key; empty on a miss
   * @param reason the miss reason; null on a hit
   */
  record Outcome(String key, Optional<CacheIndex.Entry> entry, String reason) {
    boolean hit() {
      return reason == null;
    }
  }

  /**
   * The base (step 0): a hit needs its layers unpacked and its entry in the cache.
   *
   * @param diffIds the base image's layers; null when not known (nothing is unpacked then)
   */
  static Outcome base(Store store, BuildPlan plan, List<String> diffIds, BuildRequest request,
      List<BuildHistory.StepRecord> previous) throws IOException {
    String key = plan.key(0);
    boolean skip = request.noCache() || request.template().force();
    boolean unpacked = diffIds != null && diffIds.stream().allMatch(store.layers()::has);
    Optional<CacheIndex.Entry> entry = skip || !unpacked ? Optional.empty() : store.cache().get(key);
    return entry.isPresent() ? new Outcome(key, entry, null)
        : new Outcome(key, Optional.empty(), plan.missReason(0, previous, request));
  }

  /** Step {@code i} (1-based): a hit needs its entry in the cache and the entry's layer in the store. */
  static Outcome step(Store store, BuildPlan plan, int i, BuildRequest request,
      List<BuildHistory.StepRecord> previous) throws IOException {
    String key = plan.key(i);
    boolean skip = request.noCache() || request.template().force()
        || (plan.forcedFrom() >= 0 && i >= plan.forcedFrom());
    Optional<CacheIndex.Entry> cached = skip ? Optional.empty() : store.cache().get(key);
    if (cached.isPresent() && cached.get().hasLayer() && !store.blobs().has(cached.get().diffId())) {
      return new Outcome(key, Optional.empty(), "the cached layer is missing from the store");
    }
    return cached.isPresent() ? new Outcome(key, cached, null)
        : new Outcome(key, Optional.empty(), plan.missReason(i, previous, request));
  }
}
