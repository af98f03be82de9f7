package dev.templatestudio.bridge.embedded.image;

import dev.templatestudio.bridge.embedded.layer.ArchiveNames;
import dev.templatestudio.bridge.embedded.oci.Descriptor;
import dev.templatestudio.bridge.embedded.oci.ImageConfig;
import dev.templatestudio.bridge.embedded.oci.Manifest;
import dev.templatestudio.bridge.embedded.oci.MediaTypes;
import dev.templatestudio.bridge.embedded.store.BlobStore;

import dev.templatestudio.bridge.io.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;

import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Stores images made here (from a rootfs or an archive) as OCI manifest + config blobs. */
final class LocalImages {
  /** The PATH a plain rootfs gets, as Docker's official images set it. */
  static final String DEFAULT_PATH =
      "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  /** A fixed creation time keeps the same rootfs at the same digest. */
  private static final String EPOCH = "1970-01-01T00:00:00Z";

  private LocalImages() {}

  /** A stored layer blob and the digest of its uncompressed tar. */
  record Layer(Descriptor descriptor, String diffId) {}

  /** Stores config and manifest for {@code layers} (bottom first) and returns the image. */
  static ResolvedImage store(BlobStore store, List<Layer> layers, ImageConfig.Config run,
      String createdBy) throws IOException {
    List<String> diffIds = new ArrayList<>();
    List<Descriptor> descriptors = new ArrayList<>();
    List<ImageConfig.History> history = new ArrayList<>();
    for (Layer layer : layers) {
      diffIds.add(layer.diffId());
      descriptors.add(layer.descriptor());
      history.add(new ImageConfig.History(EPOCH, createdBy, null));
    }
    ImageConfig config = new ImageConfig(EPOCH, HostPlatform.architecture(), HostPlatform.os(), run,
        new ImageConfig.RootFs("layers", diffIds), history);
    return store(store, config, descriptors);
  }

  /** Stores {@code config} and an OCI manifest over already stored layer blobs. */
  static ResolvedImage store(BlobStore store, ImageConfig config, List<Descriptor> layers)
      throws IOException {
    return store(store, OciJson.write(config), config, layers);
  }

  /** Like {@link #store(BlobStore, ImageConfig, List)} keeping the config's bytes as they are. */
  static ResolvedImage store(BlobStore store, byte[] configJson, ImageConfig config,
      List<Descriptor> layers) throws IOException {
    String configDigest = store.put(configJson);
    Manifest manifest = new Manifest(2, MediaTypes.OCI_MANIFEST,
        new Descriptor(MediaTypes.OCI_CONFIG, configDigest, configJson.length), layers, null);
    byte[] manifestJson = OciJson.write(manifest);
    return new ResolvedImage(store.put(manifestJson), manifest, config);
  }

  static ImageConfig.Config defaultRunConfig() {
    return new ImageConfig.Config(null, List.of(DEFAULT_PATH), null, List.of("/bin/sh"), null, null, null);
  }

  /**
   * Stores a layer tar (plain or gzip) as it is, and works out its diff id: the blob's own
   * digest for a plain tar, the digest of the decompressed bytes for gzip. Those are only
   * hashed, but the layer is unpacked to at least as many bytes later: a gzip that inflates
   * past what the store's budget has left is refused as soon as it does, not hours of CPU later.
   */
  static Layer storeLayer(BlobStore store, InputStream tar) throws IOException {
    String digest = store.put(out -> tar.transferTo(out), null);
    long size = Files.size(store.path(digest));
    if (!ArchiveNames.isGzip(store.path(digest))) {
      return new Layer(new Descriptor(MediaTypes.OCI_LAYER, digest, size), digest);
    }
    MessageDigest sha = Digests.sha256();
    try (InputStream in = store.budget().fitting(new GZIPInputStream(store.open(digest), 1 << 16));
         OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
      in.transferTo(sink);
    }
    String diffId = "sha256:" + HexFormat.of().formatHex(sha.digest());
    return new Layer(new Descriptor(MediaTypes.OCI_LAYER_GZIP, digest, size), diffId);
  }

}
