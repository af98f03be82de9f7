package dev.templatestudio.bridge.embedded;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.templatestudio.bridge.embedded.oci.Descriptor;
import dev.templatestudio.bridge.embedded.oci.ImageConfig;
import dev.templatestudio.bridge.embedded.oci.Manifest;
import dev.templatestudio.bridge.embedded.oci.MediaTypes;
import dev.templatestudio.bridge.embedded.store.BlobStore;
import dev.templatestudio.bridge.io.StoreJson;
import java.io.IOException;
import java.util.List;

/**
 * Writes an image's config and OCI manifest into the blob store. The JSON is byte-for-byte
 * stable (fixed field order, sorted maps, no timestamps but the epoch), so the same layers
 * and config always give the same manifest digest. Stateless.
 */
public final class ImageWriter {
  /** The creation time written into every image: fixed, for reproducible digests. */
  public static final String CREATED = "1970-01-01T00:00:00Z";

  private ImageWriter() {}

  /** A written image: its manifest's digest and size, and its total size (config + layers). */
  public record Written(String manifestDigest, long manifestSize, long sizeBytes) {}

  public static Written write(BlobStore blobs, ImageConfig config, List<Descriptor> layers) throws IOException {
    byte[] configBytes = json(config);
    String configDigest = blobs.put(configBytes);
    Manifest manifest = new Manifest(2, MediaTypes.OCI_MANIFEST,
        new Descriptor(MediaTypes.OCI_CONFIG, configDigest, configBytes.length), layers, null);
    byte[] manifestBytes = json(manifest);
    String digest = blobs.put(manifestBytes);
    long size = configBytes.length;
    for (Descriptor d : layers) {
      size += d.size();
    }
    return new Written(digest, manifestBytes.length, size);
  }

  /** Reads a manifest and its config back from the store. */
  public static Loaded load(BlobStore blobs, String manifestDigest) throws IOException {
    Manifest m = StoreJson.mapper().readValue(blobs.read(manifestDigest), Manifest.class);
    ImageConfig c = StoreJson.mapper().readValue(blobs.read(m.config().digest()), ImageConfig.class);
    return new Loaded(manifestDigest, m, c);
  }

  /** An image read from the store. */
  public record Loaded(String manifestDigest, Manifest manifest, ImageConfig config) {}

  private static byte[] json(Object value) throws JsonProcessingException {
    return StoreJson.mapper().writeValueAsBytes(value);
  }
}
