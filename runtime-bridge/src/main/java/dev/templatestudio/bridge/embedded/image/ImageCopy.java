package dev.templatestudio.bridge.embedded.image;

import dev.templatestudio.bridge.embedded.oci.Descriptor;
import dev.templatestudio.bridge.embedded.oci.ImageConfig;
import dev.templatestudio.bridge.embedded.oci.ImageIndex;
import dev.templatestudio.bridge.embedded.oci.Manifest;
import dev.templatestudio.bridge.embedded.oci.MediaTypes;
import dev.templatestudio.bridge.embedded.store.BlobStore;
import dev.templatestudio.bridge.io.Digests;
import java.io.IOException;
import java.util.HexFormat;

/**
 * Copies one image from a content-addressed source (an OCI layout or a registry) into the
 * BlobStore: index → this platform's manifest → config → layers, each verified by digest, and
 * blobs the store already has are not fetched again.
 */
final class ImageCopy {
  /** Where the blobs come from. */
  interface Source {
    /** The bytes of a small blob (manifest, index, config), not yet verified. */
    byte[] read(Descriptor descriptor) throws IOException;

    /** Puts a (large) blob into the store, verified against its digest. */
    void fetch(Descriptor descriptor, BlobStore store, PullProgress progress) throws IOException;
  }

  private static final long MAX_MANIFEST = 4 << 20;

  private ImageCopy() {}

  /**
   * Copies the image whose top document (index or manifest) is {@code top}.
   *
   * @param name the image as the user wrote it, for messages
   */
  static ResolvedImage copy(Source source, Descriptor top, byte[] topBytes, BlobStore store,
      PullProgress progress, String name) throws IOException {
    byte[] bytes = topBytes;
    Descriptor descriptor = top;
    checkDigest(descriptor, name);
    verify(descriptor, bytes, name);
    String mediaType = OciJson.mediaType(bytes);
    if (mediaType == null) {
      mediaType = descriptor.mediaType();
    }
    if (HostPlatform.isIndex(mediaType)) {
      store.put(out -> out.write(topBytes), digestOf(topBytes));
      ImageIndex index = OciJson.read(bytes, ImageIndex.class, "the index of " + name);
      descriptor = HostPlatform.select(index, name);
      checkDigest(descriptor, name);
      bytes = readSmall(source, descriptor, name);
      verify(descriptor, bytes, name);
      mediaType = OciJson.mediaType(bytes);
    }
    if (mediaType != null && !MediaTypes.OCI_MANIFEST.equals(mediaType)
        && !MediaTypes.DOCKER_MANIFEST.equals(mediaType)) {
      throw new ImageSourceException("image " + name + " has a manifest of type " + mediaType
          + ", which is not supported (OCI or Docker schema 2 manifests are)");
    }
    final byte[] manifestBytes = bytes;
    String manifestDigest = store.put(out -> out.write(manifestBytes), digestOf(manifestBytes));
    Manifest manifest = OciJson.read(bytes, Manifest.class, "the manifest of " + name);
    if (manifest.config() == null) {
      throw new ImageSourceException("the manifest of image " + name + " names no config");
    }
    checkDigest(manifest.config(), name);
    for (Descriptor layer : manifest.layers()) {
      checkDigest(layer, name);
    }
    byte[] configBytes = store.has(manifest.config().digest())
        ? store.read(manifest.config().digest()) : readSmall(source, manifest.config(), name);
    verify(manifest.config(), configBytes, name);
    store.put(out -> out.write(configBytes), manifest.config().digest());
    ImageConfig config = OciJson.read(configBytes, ImageConfig.class, "the config of " + name);
    if (config.rootfs() != null && config.rootfs().diffIds().size() != manifest.layers().size()) {
      throw new ImageSourceException("image " + name + " is inconsistent: its manifest has "
          + manifest.layers().size() + " layers but its config " + config.rootfs().diffIds().size());
    }
    for (Descriptor layer : manifest.layers()) {
      if (store.has(layer.digest())) {
        progress.blob(layer.digest(), layer.size(), layer.size(), true);
      } else {
        fetch(source, layer, store, progress, name);
      }
    }
    return new ResolvedImage(manifestDigest, manifest, config);
  }

  /** A layer that fails its digest check is a fault of the image: say which. */
  private static void fetch(Source source, Descriptor layer, BlobStore store, PullProgress progress,
      String name) throws IOException {
    try {
      source.fetch(layer, store, progress);
    } catch (ImageSourceException | java.io.InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      throw new ImageSourceException("image " + name + ": layer " + layer.digest() + ": " + e.getMessage(), e);
    }
  }

  private static byte[] readSmall(Source source, Descriptor descriptor, String name) throws IOException {
    if (descriptor.size() > MAX_MANIFEST) {
      throw new ImageSourceException("image " + name + ": " + descriptor.digest() + " is too large for a manifest or config");
    }
    return source.read(descriptor);
  }

  /** Only sha256 blobs can be verified and stored: anything else is a fault of the image. */
  private static void checkDigest(Descriptor descriptor, String name) throws ImageSourceException {
    if (descriptor == null || !Digests.isSha256(descriptor.digest())) {
      throw new ImageSourceException("image " + name + " names a blob by the digest "
          + (descriptor == null ? "null" : descriptor.digest())
          + ", which is not supported (only sha256 digests are)");
    }
  }

  static void verify(Descriptor descriptor, byte[] bytes, String name) throws ImageSourceException {
    if (descriptor.digest() != null && !descriptor.digest().equals(digestOf(bytes))) {
      throw new ImageSourceException("image " + name + ": " + descriptor.digest()
          + " does not match its content (got " + digestOf(bytes) + ")");
    }
  }

  static String digestOf(byte[] bytes) {
    return "sha256:" + HexFormat.of().formatHex(Digests.sha256().digest(bytes));
  }
}
