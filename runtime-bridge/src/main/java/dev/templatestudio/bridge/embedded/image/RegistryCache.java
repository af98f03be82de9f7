package dev.templatestudio.bridge.embedded.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.templatestudio.bridge.embedded.layer.LayerExtractor;
import dev.templatestudio.bridge.embedded.oci.Descriptor;
import dev.templatestudio.bridge.embedded.oci.ImageConfig;
import dev.templatestudio.bridge.embedded.oci.Manifest;
import dev.templatestudio.bridge.embedded.oci.MediaTypes;
import dev.templatestudio.bridge.embedded.store.CacheIndex;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.embedded.store.StoreGate;
import dev.templatestudio.bridge.io.Digests;
import dev.templatestudio.bridge.io.StoreJson;
import dev.templatestudio.bridge.plan.BuildHistory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A build cache kept in a registry ({@code build --cache-to/--cache-from registry:REF}): an OCI
 * manifest whose config ({@value #CONFIG_TYPE}) holds the cache entries of one build's steps by
 * key, and the last build record of the template (so a later miss gets the same reason on any
 * machine), and whose layers are the steps' layer blobs and the base image's manifest, config and
 * layers (a base step is a hit only where the base's layers are unpacked). Cache keys depend on contents only,
 * never on paths, uids or the clock, so an entry made on one machine is a hit on another.
 * Blocking.
 */
public final class RegistryCache {
  public static final String CONFIG_TYPE = "application/vnd.templatestudio.cache.config.v1+json";
  static final String SCHEMA = "template-studio-cache/v1";

  private RegistryCache() {}

  /** The config blob: entries by cache key, and the last build record of {@code name}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record CacheConfig(String schema, String name, Map<String, CacheIndex.Entry> entries, BuildHistory.Record history) {}

  /** What an import brought: entries added to the store's cache, layers downloaded, or why nothing. */
  public record Imported(int entries, int layers, int unpacked, String warning) {}

  /** Writes the entries of {@code keys} (a build's steps) and {@code name}'s last build record to {@code ref}. */
  public static RegistryPush.Result export(Store store, String name, List<String> keys, String ref,
      RegistryCredentials credentials, PushProgress progress) throws IOException {
    // Held while the blobs are read: a prune --all never takes them from under the upload.
    try (StoreGate.Hold hold = StoreGate.shared(store.root(), () -> { })) {
      return exportHeld(store, name, keys, ref, credentials, progress);
    }
  }

  private static RegistryPush.Result exportHeld(Store store, String name, List<String> keys, String ref,
      RegistryCredentials credentials, PushProgress progress) throws IOException {
    ImageReference target = ImageReference.parse(ref);
    if (target.tag() == null || target.digest() != null) {
      throw new ImageSourceException("--cache-to registry:" + ref + " needs a tag and no digest");
    }
    Map<String, CacheIndex.Entry> entries = new LinkedHashMap<>();
    Map<String, Descriptor> layers = new LinkedHashMap<>();
    for (String key : keys) {
      Optional<CacheIndex.Entry> entry = store.cache().get(key);
      if (entry.isPresent()) {
        entries.put(key, entry.get());
        if (entry.get().hasLayer() && store.blobs().has(entry.get().diffId())) {
          String digest = entry.get().diffId();
          layers.put(digest, new Descriptor(MediaTypes.OCI_LAYER, digest, store.blobs().size(digest)));
        }
        if (entry.get().base() != null) {
          addBase(store, entry.get().base(), layers);
        }
      }
    }
    List<Descriptor> blobs = new ArrayList<>(layers.values());
    byte[] config = StoreJson.mapper().writeValueAsBytes(new CacheConfig(SCHEMA, name, entries,
        store.history().last(name).orElse(null)));
    Descriptor configDescriptor = new Descriptor(CONFIG_TYPE, store.blobs().put(config), config.length);
    byte[] manifest = OciJson.write(new Manifest(2, MediaTypes.OCI_MANIFEST, configDescriptor, blobs, null));
    blobs.add(configDescriptor);
    return RegistryPush.upload(store.blobs(), "the cache of " + name, blobs, manifest, target, credentials,
        progress, RegistryPush.CHUNK);
  }

  /** Adds the base image {@code manifestDigest}'s manifest, config and layers when the store has them all. */
  private static void addBase(Store store, String manifestDigest, Map<String, Descriptor> layers) throws IOException {
    if (!store.blobs().has(manifestDigest)) {
      return;
    }
    Manifest base = OciJson.read(store.blobs().read(manifestDigest), Manifest.class, "the base manifest " + manifestDigest);
    List<Descriptor> parts = new ArrayList<>(base.layers());
    parts.add(base.config());
    if (!parts.stream().allMatch(d -> store.blobs().has(d.digest()))) {
      return;
    }
    layers.putIfAbsent(manifestDigest, new Descriptor(base.mediaType() != null ? base.mediaType() : MediaTypes.OCI_MANIFEST, manifestDigest,
        Files.size(store.blobs().path(manifestDigest))));
    for (Descriptor part : parts) {
      layers.putIfAbsent(part.digest(), new Descriptor(part.mediaType(), part.digest(), part.size()));
    }
  }

  /**
   * Unpacks the layers of base image {@code manifestDigest} (its blobs digest-checked in the
   * store) that the store has not unpacked, as a build's base step would; returns how many.
   */
  private static int unpackBase(Store store, String manifestDigest) throws IOException {
    if (!store.blobs().has(manifestDigest)) {
      return 0;
    }
    Manifest base = OciJson.read(store.blobs().read(manifestDigest), Manifest.class, "the base manifest " + manifestDigest);
    if (base.config() == null || !store.blobs().has(base.config().digest())) {
      return 0;
    }
    ImageConfig config = OciJson.read(store.blobs().read(base.config().digest()), ImageConfig.class,
        "the base config " + base.config().digest());
    List<String> diffIds = config.rootfs() == null ? List.of() : config.rootfs().diffIds();
    int unpacked = 0;
    for (int i = 0; i < base.layers().size(); i++) {
      Descriptor layer = base.layers().get(i);
      String diffId = i < diffIds.size() ? diffIds.get(i) : layer.digest();
      if (!Digests.isSha256(diffId) || !store.blobs().has(layer.digest()) || store.layers().has(diffId)) {
        continue;
      }
      // Warnings (a skipped device node, say) were the base's to report when a build first unpacked it.
      store.layers().ensure(diffId, dir -> {
        try (InputStream in = store.blobs().open(layer.digest())) {
          LayerExtractor.extract(in, dir);
        }
      });
      unpacked++;
    }
    return unpacked;
  }

  /**
   * Adds what the cache at {@code ref} holds to the store's cache: each entry whose layer came
   * (digest-checked) and whose key the store lacks, and {@code name}'s build record when the
   * store has none. A cache that is missing, or was made by another tool, is a warning.
   */
  public static Imported importFrom(Store store, String name, String ref, RegistryCredentials credentials)
      throws IOException {
    // Held while blobs, layers and entries are added: a prune never deletes them half-recorded.
    try (StoreGate.Hold hold = StoreGate.shared(store.root(), () -> { })) {
      return importHeld(store, name, ref, credentials);
    }
  }

  private static Imported importHeld(Store store, String name, String ref, RegistryCredentials credentials)
      throws IOException {
    ImageReference source = ImageReference.parse(ref);
    RegistrySource registry = RegistrySource.open(source, credentials);
    byte[] manifestBytes = registry.manifest(source.reference());
    if (manifestBytes == null) {
      return new Imported(0, 0, 0, "no cache at " + ref + " yet");
    }
    if (source.digest() != null && !source.digest().equals(ImageCopy.digestOf(manifestBytes))) {
      throw new ImageSourceException("the cache manifest at " + ref + " does not match the digest it was named by");
    }
    Manifest manifest = OciJson.read(manifestBytes, Manifest.class, "the cache manifest at " + ref);
    if (manifest.config() == null || manifest.layers() == null || !CONFIG_TYPE.equals(manifest.config().mediaType())) {
      return new Imported(0, 0, 0, ref + " is not a Template Studio cache (its config is "
          + (manifest.config() == null ? "missing" : manifest.config().mediaType()) + "); ignored");
    }
    byte[] configBytes = registry.read(manifest.config());
    if (!ImageCopy.digestOf(configBytes).equals(manifest.config().digest())) {
      throw new ImageSourceException("the cache config at " + ref + " does not match its digest "
          + manifest.config().digest());
    }
    CacheConfig config = StoreJson.mapper().readValue(configBytes, CacheConfig.class);
    if (!SCHEMA.equals(config.schema()) || config.entries() == null) {
      return new Imported(0, 0, 0, ref + " holds a cache of schema " + config.schema() + ", not " + SCHEMA + "; ignored");
    }
    checkLayers(store, manifest.layers(), ref);
    int layers = 0;
    for (Descriptor layer : manifest.layers()) {
      if (!store.blobs().has(layer.digest())) {
        registry.fetch(layer, store.blobs(), PullProgress.NONE);
        layers++;
      }
    }
    int added = 0;
    int unpacked = 0;
    for (Map.Entry<String, CacheIndex.Entry> e : config.entries().entrySet()) {
      CacheIndex.Entry entry = e.getValue();
      boolean usable = Digests.isSha256(e.getKey()) && entry != null
          && (!entry.hasLayer() || (Digests.isSha256(entry.diffId()) && store.blobs().has(entry.diffId())));
      if (usable && store.cache().get(e.getKey()).isEmpty()) {
        store.cache().put(e.getKey(), entry);
        added++;
      }
      if (usable && entry.base() != null && Digests.isSha256(entry.base())) {
        unpacked += unpackBase(store, entry.base());
      }
    }
    if (config.history() != null && name.equals(config.name()) && store.history().last(name).isEmpty()) {
      store.history().save(name, config.history());
    }
    return new Imported(added, layers, unpacked, null);
  }

  /**
   * Refuses, before any download, a cache whose layers are not sha256 digests with a size, or
   * that would not fit on the store's disk: the registry's word is all there is to go by, and
   * a download without a known size would have no bound.
   */
  private static void checkLayers(Store store, List<Descriptor> layers, String ref) throws IOException {
    long total = 0;
    for (Descriptor layer : layers) {
      if (layer == null || !Digests.isSha256(layer.digest()) || layer.size() <= 0) {
        throw new ImageSourceException("the cache at " + ref + " names a layer without a sha256 digest and a size");
      }
      total += store.blobs().has(layer.digest()) ? 0 : layer.size();
    }
    long free = Files.getFileStore(store.root()).getUsableSpace();
    if (total > free) {
      throw new ImageSourceException("the cache at " + ref + " needs " + total / (1024 * 1024) + " MiB, more than the "
          + free / (1024 * 1024) + " MiB free for the store");
    }
  }
}
