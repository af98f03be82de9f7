package dev.templatestudio.bridge.embedded.prune;

import dev.templatestudio.bridge.embedded.oci.Descriptor;
import dev.templatestudio.bridge.embedded.oci.ImageConfig;
import dev.templatestudio.bridge.embedded.oci.Manifest;
import dev.templatestudio.bridge.embedded.store.CacheIndex;
import dev.templatestudio.bridge.embedded.store.CacheMounts;
import dev.templatestudio.bridge.embedded.store.WorkDirs;
import dev.templatestudio.bridge.io.Digests;
import dev.templatestudio.bridge.io.DiskUsage;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.io.StoreJson;
import dev.templatestudio.bridge.embedded.store.TemplateIndex;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What is in a store, for prune: the size of every blob and unpacked layer, the cache entries
 * and templates with what each keeps alive and when it was last used, stale scratch dirs and
 * temp files, and the size of everything else. Unpacked layers never change once in place, so
 * their sizes are remembered across scans by the {@code layerSizes} a caller keeps.
 * Built on one thread; immutable after.
 */
final class StoreInventory {
  /** The key of a blob or layer in {@link #itemBytes}. */
  static String blob(String digest) {
    return "blob:" + digest;
  }

  static String layer(String diffId) {
    return "layer:" + diffId;
  }

  /** A reference no store holds: marks a cache entry that cannot be read as one to remove. */
  private static final String UNREADABLE = "blob:unreadable";

  final Map<String, Long> itemBytes = new HashMap<>();
  final List<PruneUnit> cacheEntries = new ArrayList<>();
  final List<PruneUnit> templates = new ArrayList<>();
  /** The folders of run steps' cache mounts: nothing names them, they go least recently used first. */
  final List<PruneUnit> cacheMounts = new ArrayList<>();
  final Map<Path, Long> staleWork = new HashMap<>();
  final Map<Path, Long> tempFiles = new HashMap<>();
  long otherBytes;
  private final Store store;
  private final Map<String, Set<String>[]> closures = new HashMap<>();

  private StoreInventory(Store store) {
    this.store = store;
  }

  /** Scans {@code store}; {@code layerSizes} (diff id → bytes) is read and completed. */
  static StoreInventory scan(Store store, Map<String, Long> layerSizes) throws IOException {
    StoreInventory inv = new StoreInventory(store);
    inv.scanBlobs();
    inv.scanLayers(layerSizes);
    inv.scanCache();
    inv.scanTemplates();
    inv.scanScratch();
    inv.scanCacheMounts();
    inv.scanOthers();
    return inv;
  }

  /** Every blob and layer a cache entry or a template names; measures nothing. */
  static Set<String> named(Store store) throws IOException {
    StoreInventory inv = new StoreInventory(store);
    inv.scanCache();
    inv.scanTemplates();
    Set<String> named = new HashSet<>();
    inv.cacheEntries.forEach(u -> named.addAll(u.refs()));
    inv.templates.forEach(u -> named.addAll(u.refs()));
    return named;
  }

  /** The whole store's size in bytes. */
  long totalBytes() {
    long total = otherBytes;
    for (long b : itemBytes.values()) {
      total += b;
    }
    for (long b : staleWork.values()) {
      total += b;
    }
    for (long b : tempFiles.values()) {
      total += b;
    }
    for (PruneUnit u : cacheMounts) {
      total += u.ownBytes();
    }
    return total;
  }

  private void scanBlobs() throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(store.root().resolve("blobs/sha256"))) {
      for (Path f : files) {
        String digest = "sha256:" + f.getFileName();
        if (Digests.isSha256(digest)) {
          itemBytes.put(blob(digest), sizeOrZero(f));
        }
      }
    }
    // A layer kept as its tree: the blob takes no bytes of its own (its tree is counted as the
    // layer), but it is there, so the cache entries and templates naming it are whole.
    for (String digest : store.blobs().madeDigests()) {
      itemBytes.putIfAbsent(blob(digest), 0L);
    }
  }

  private void scanLayers(Map<String, Long> layerSizes) throws IOException {
    List<String> ids = store.layers().diffIds();
    layerSizes.keySet().retainAll(new HashSet<>(ids));
    List<Path> unknown = new ArrayList<>();
    for (String id : ids) {
      if (!layerSizes.containsKey(id)) {
        unknown.add(store.layers().path(id));
      }
    }
    if (!unknown.isEmpty()) {
      Map<String, Long> measured = DiskUsage.children(store.layers().dir());
      for (Path p : unknown) {
        layerSizes.put("sha256:" + p.getFileName(), measured.getOrDefault(p.getFileName().toString(), 0L));
      }
    }
    for (String id : ids) {
      itemBytes.put(layer(id), layerSizes.get(id));
    }
  }

  private void scanCache() throws IOException {
    CacheIndex cache = store.cache();
    for (String key : cache.keys()) {
      Path file = cache.file(key);
      Set<String> refs = new LinkedHashSet<>();
      Set<String> heavy = new LinkedHashSet<>();
      String label;
      try {
        CacheIndex.Entry entry = cache.get(key).orElse(null);
        if (entry == null) {
          continue; // removed meanwhile
        }
        label = entry.createdBy() == null ? key : entry.createdBy();
        if (entry.hasLayer()) {
          refs.add(blob(entry.diffId()));
          refs.add(layer(entry.diffId()));
          heavy.addAll(refs);
        }
        if (entry.base() != null) {
          Set<String>[] closure = closure(entry.base());
          refs.addAll(closure[0]);
          heavy.addAll(closure[1]);
        }
      } catch (IOException e) {
        label = "an unreadable cache entry";
        heavy.add(UNREADABLE);
      }
      cacheEntries.add(new PruneUnit(PruneUnit.Kind.CACHE_ENTRY, key, label, lastModified(file),
          sizeOrZero(file), refs, heavy, () -> Files.deleteIfExists(file)));
    }
  }

  private void scanTemplates() throws IOException {
    TemplateIndex index = store.templates();
    for (TemplateIndex.Entry entry : index.entries()) {
      Set<String> manifests = new LinkedHashSet<>();
      manifests.add(entry.manifestDigest());
      manifests.addAll(entry.tags().values());
      Set<String> refs = new LinkedHashSet<>();
      Set<String> heavy = new LinkedHashSet<>();
      for (String m : manifests) {
        Set<String>[] closure = closure(m);
        refs.addAll(closure[0]);
        heavy.addAll(closure[1]);
      }
      Path file = index.file(entry.name());
      templates.add(new PruneUnit(PruneUnit.Kind.TEMPLATE, entry.name(), entry.name(), lastModified(file),
          sizeOrZero(file), refs, heavy, () -> index.remove(entry.name())));
    }
  }

  private void scanScratch() throws IOException {
    for (Path dir : store.work().stale()) {
      staleWork.put(dir, DiskUsage.of(dir));
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(store.blobs().root().resolve("tmp"))) {
      for (Path f : files) {
        tempFiles.put(f, DiskUsage.of(f));
      }
    }
  }

  /**
   * The cache mount folders. One goes whole: renamed into a locked scratch dir, then deleted, so
   * a prune killed meanwhile leaves the folder whole or a scratch dir the next build deletes.
   */
  private void scanCacheMounts() throws IOException {
    for (CacheMounts.Folder f : new CacheMounts(store.root()).list()) {
      cacheMounts.add(new PruneUnit(PruneUnit.Kind.CACHE_MOUNT, f.path().getFileName().toString(),
          "cache mount " + f.id(), f.lastUsedMillis(), f.bytes(), Set.of(), Set.of(), () -> {
            try (WorkDirs.WorkDir trash = store.work().create("prune")) {
              Files.move(f.path(), trash.path().resolve("cache-mount"), StandardCopyOption.ATOMIC_MOVE);
            }
          }));
    }
  }

  /** Everything that is neither a blob, a layer nor scratch: indexes, records, serve's state. */
  private void scanOthers() throws IOException {
    Set<String> counted = Set.of("blobs", "layers", "work", "tmp", "cache-mounts");
    Map<String, Long> top = new HashMap<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(store.root())) {
      for (Path p : entries) {
        if (!counted.contains(p.getFileName().toString())) {
          top.put(p.getFileName().toString(), DiskUsage.of(p));
        }
      }
    }
    otherBytes = top.values().stream().mapToLong(Long::longValue).sum();
    // The dirs themselves and the live scratch dirs of running builds.
    otherBytes += DiskUsage.of(store.work().dir()) - staleWork.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * What the image {@code manifestDigest} keeps: [all refs, heavy refs]. A manifest or config
   * the store lacks keeps only what could be read.
   */
  @SuppressWarnings("unchecked")
  private Set<String>[] closure(String manifestDigest) {
    return closures.computeIfAbsent(manifestDigest, m -> {
      Set<String> refs = new LinkedHashSet<>();
      Set<String> heavy = new LinkedHashSet<>();
      refs.add(blob(m));
      try {
        Manifest manifest = StoreJson.mapper().readValue(store.blobs().read(m), Manifest.class);
        for (Descriptor d : manifest.layers()) {
          refs.add(blob(d.digest()));
          heavy.add(blob(d.digest()));
        }
        if (manifest.config() != null && Digests.isSha256(manifest.config().digest())) {
          refs.add(blob(manifest.config().digest()));
          ImageConfig config = StoreJson.mapper().readValue(store.blobs().read(manifest.config().digest()),
              ImageConfig.class);
          if (config.rootfs() != null) {
            for (String diffId : config.rootfs().diffIds()) {
              refs.add(layer(diffId));
              heavy.add(layer(diffId));
            }
          }
        }
      } catch (IOException | RuntimeException e) {
        // Missing or unreadable: nothing more is known to be kept.
      }
      return new Set[] {refs, heavy};
    });
  }

  private static long sizeOrZero(Path f) {
    try {
      return Files.size(f);
    } catch (IOException e) {
      return 0;
    }
  }

  private static long lastModified(Path f) {
    try {
      return Files.getLastModifiedTime(f).toMillis();
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException e) {
      return 0;
    }
  }
}
