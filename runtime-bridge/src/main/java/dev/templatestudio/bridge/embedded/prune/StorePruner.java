package dev.templatestudio.bridge.embedded.prune;

import dev.templatestudio.bridge.io.Digests;
import dev.templatestudio.bridge.embedded.image.ImageSources;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.embedded.store.StoreGate;
import dev.templatestudio.bridge.io.Trees;
import dev.templatestudio.bridge.embedded.store.WorkDirs;
import dev.templatestudio.bridge.io.AtomicWrite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Prunes a store (see {@link PrunePlan} for what goes) while holding it alone
 * ({@link StoreGate}), so no build or machine uses what is removed. The order keeps the store
 * whole if the process dies at any point: first the units that name blobs and layers (each one
 * file, deleted at once), then the blobs and layers nothing names any more, a layer by an atomic
 * rename into a locked scratch dir before it is deleted; whatever a crash leaves is named by
 * nothing, and the next prune removes it. Remembers the sizes of unpacked layers between calls
 * (they never change). Blocking; one call at a time per instance (methods are synchronized).
 */
public final class StorePruner {
  private final Store store;
  private final Map<String, Long> layerSizes = new HashMap<>();

  public StorePruner(Store store) {
    this.store = store;
  }

  /** The store's size in bytes, everything in it counted. Reads without locking. */
  public synchronized long size() throws IOException {
    return StoreInventory.scan(store, layerSizes).totalBytes();
  }

  /** What {@link #prune} would remove now; nothing is locked or deleted. */
  public synchronized PruneReport dryRun(PruneOptions options, Prunable extras) throws IOException {
    return plan(options, extras).report(true);
  }

  /**
   * Waits until no build or machine uses the store, then prunes.
   *
   * @param waiting told once when builds or machines hold the store and prune waits for them
   */
  public synchronized PruneReport prune(PruneOptions options, Prunable extras, Runnable waiting)
      throws IOException {
    try (StoreGate.Hold hold = StoreGate.exclusive(store.root(), waiting)) {
      return apply(plan(options, extras));
    }
  }

  /** Prunes at once when nothing uses the store; null when a build or machine does. */
  public synchronized PruneReport tryPrune(PruneOptions options, Prunable extras) throws IOException {
    try (StoreGate.Hold hold = StoreGate.tryExclusive(store.root())) {
      return hold == null ? null : apply(plan(options, extras));
    }
  }

  /**
   * Takes away the blobs and layers a build added that nothing names (a build that went past
   * its disk bound leaves nothing behind), when nothing else uses the store; else they stay for
   * the next prune.
   *
   * @return true when they were removed
   */
  public static boolean removeAdded(Store store, Set<String> blobs, Set<String> layers) throws IOException {
    try (StoreGate.Hold hold = StoreGate.tryExclusive(store.root())) {
      if (hold == null) {
        return false;
      }
      Set<String> named = StoreInventory.named(store);
      Map<String, Long> items = new HashMap<>();
      blobs.stream().map(StoreInventory::blob).filter(b -> !named.contains(b)).forEach(b -> items.put(b, 0L));
      layers.stream().map(StoreInventory::layer).filter(l -> !named.contains(l)).forEach(l -> items.put(l, 0L));
      deleteItems(store, items.keySet());
      return true;
    }
  }

  private PrunePlan plan(PruneOptions options, Prunable extras) throws IOException {
    StoreInventory inv = StoreInventory.scan(store, layerSizes);
    return PrunePlan.make(inv, extras, options);
  }

  private PruneReport apply(PrunePlan plan) throws IOException {
    for (PruneUnit unit : plan.units) {
      unit.remover().remove();
    }
    AtomicWrite.fsyncDir(store.cache().dir());
    deleteItems(store, plan.items.keySet());
    for (Path scratch : plan.scratch.keySet()) {
      Trees.delete(scratch);
    }
    plan.items.keySet().stream().filter(k -> k.startsWith("layer:"))
        .forEach(k -> layerSizes.remove(k.substring("layer:".length())));
    // Records that name a pruned image: unusable (each is checked before use), only clutter now.
    store.ready().forgetMissing(store.blobs());
    ImageSources.forgetMissing(store.blobs());
    return plan.report(false);
  }

  /**
   * Deletes blobs, then layers, layers moved whole into a locked scratch dir first. A layer
   * that is a kept blob's only copy stays while the blob does; the blob's record goes before
   * its tree, so a crash between leaves a tree nothing names, never a blob without its files.
   */
  private static void deleteItems(Store store, Set<String> items) throws IOException {
    if (items.isEmpty()) {
      return;
    }
    try (WorkDirs.WorkDir trash = store.work().create("prune")) {
      for (String item : items) {
        String digest = item.substring(item.indexOf(':') + 1);
        if (item.startsWith("blob:") && Digests.isSha256(digest)) {
          store.blobs().delete(digest);
        }
      }
      AtomicWrite.fsyncDir(store.blobs().root().resolve("blobs/sha256"));
      AtomicWrite.fsyncDir(store.blobs().madeFolder());
      for (String item : items) {
        String diffId = item.substring(item.indexOf(':') + 1);
        if (item.startsWith("layer:") && !store.blobs().isMade(diffId)) {
          Path dir = store.layers().path(diffId);
          if (Files.isDirectory(dir)) {
            Files.move(dir, trash.path().resolve(dir.getFileName()), StandardCopyOption.ATOMIC_MOVE);
          }
        }
      }
      AtomicWrite.fsyncDir(store.layers().dir());
    }
  }
}
