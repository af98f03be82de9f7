package dev.templatestudio.bridge.embedded.image;

import dev.templatestudio.bridge.embedded.oci.ImageConfig;
import dev.templatestudio.bridge.embedded.oci.Manifest;
import dev.templatestudio.bridge.embedded.store.BlobStore;

/**
 * An image whose manifest, config and layers are all in the BlobStore, verified by digest.
 *
 * @param manifestDigest digest of the manifest bytes as stored (for a registry image, the
 *     registry's digest of the platform manifest)
 */
public record ResolvedImage(String manifestDigest, Manifest manifest, ImageConfig config) {}
