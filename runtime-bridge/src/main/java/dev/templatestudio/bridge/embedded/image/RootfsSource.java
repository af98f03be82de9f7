package dev.templatestudio.bridge.embedded.image;

import dev.templatestudio.bridge.embedded.layer.LayerExtractor;
import dev.templatestudio.bridge.embedded.layer.LayerTarStream;
import dev.templatestudio.bridge.embedded.layer.LayerWriter;
import dev.templatestudio.bridge.embedded.oci.Descriptor;
import dev.templatestudio.bridge.embedded.oci.MediaTypes;
import dev.templatestudio.bridge.embedded.store.BlobStore;
import dev.templatestudio.bridge.embedded.store.WorkDirs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * {@code rootfs:DIR} and {@code rootfs:FILE.tar[.gz]}: a one-layer image of a directory tree
 * or a tar of one. Either is unpacked into the store's layer folder and the layer is the tar
 * {@link LayerWriter} makes of that tree with its mtimes kept, so the store keeps the layer once
 * (its files) and an unchanged source gives the same image digest every time. A tar's own
 * bytes are not kept: user and group names, sub-second times, extended attributes and device
 * nodes (which no layer may hold) are not part of the image.
 */
final class RootfsSource {
  /** The largest mtime a plain ustar header holds: no PAX record, times kept as they are. */
  private static final Instant KEEP_MTIMES = Instant.ofEpochSecond(077777777777L);

  private RootfsSource() {}

  static ResolvedImage resolve(Path path, String ref, BlobStore store, PullProgress progress)
      throws IOException {
    // The path as the template names it (relative to its folder), as a remote build shows it
    // too: the same words on every machine, not this one's absolute path.
    String named = ref.substring(ref.indexOf(':') + 1);
    String digest;
    if (Files.isDirectory(path)) {
      progress.message("archiving " + named);
      // A link to the folder (rootfs -> rootfs-2024) means the folder; the writer follows no links.
      try (InputStream in = LayerTarStream.open(path.toRealPath(), KEEP_MTIMES)) {
        digest = keepOnce(in, store, progress);
      }
    } else if (Files.isRegularFile(path)) {
      progress.message("importing " + named);
      try (InputStream in = Files.newInputStream(path)) {
        digest = keepOnce(in, store, progress);
      }
    } else {
      throw new ImageSourceException("base image " + ref + ": " + path + " is neither a directory nor a tar file");
    }
    LocalImages.Layer layer = new LocalImages.Layer(
        new Descriptor(MediaTypes.OCI_LAYER, digest, store.size(digest)), digest);
    return LocalImages.store(store, List.of(layer), LocalImages.defaultRunConfig(), ref);
  }

  /** Unpacks a tar (plain or gzip) into the store and takes the tree as the layer; its digest. */
  private static String keepOnce(InputStream tar, BlobStore store, PullProgress progress) throws IOException {
    try (WorkDirs.WorkDir scratch = store.scratch("rootfs")) {
      Path tree = scratch.path().resolve("root");
      for (String warning : LayerExtractor.extract(tar, tree, store.budget())) {
        progress.message("warning: " + warning);
      }
      return store.adoptTree(tree, KEEP_MTIMES);
    }
  }
}
