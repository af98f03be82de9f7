package dev.templatestudio.bridge.embedded.image;

import dev.templatestudio.bridge.embedded.layer.LayerWriter;
import dev.templatestudio.bridge.embedded.oci.Descriptor;
import dev.templatestudio.bridge.embedded.oci.MediaTypes;
import dev.templatestudio.bridge.embedded.store.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * {@code rootfs:DIR} and {@code rootfs:FILE.tar[.gz]}: a one-layer image of a directory tree
 * or a tar of one. A directory is archived by {@link LayerWriter} with its mtimes kept, so an
 * unchanged directory gives the same image digest every time.
 */
final class RootfsSource {
  /** The largest mtime a plain ustar header holds: no PAX record, times kept as they are. */
  private static final Instant KEEP_MTIMES = Instant.ofEpochSecond(077777777777L);

  private RootfsSource() {}

  static ResolvedImage resolve(Path path, String ref, BlobStore store, PullProgress progress)
      throws IOException {
    LocalImages.Layer layer;
    // The path as the template names it (relative to its folder), as a remote build shows it
    // too: the same words on every machine, not this one's absolute path.
    String named = ref.substring(ref.indexOf(':') + 1);
    if (Files.isDirectory(path)) {
      progress.message("archiving " + named);
      // A link to the folder (rootfs -> rootfs-2024) means the folder; the writer follows no links.
      Path dir = path.toRealPath();
      String digest = store.put(out -> LayerWriter.write(dir, out, KEEP_MTIMES), null);
      long size = Files.size(store.path(digest));
      layer = new LocalImages.Layer(new Descriptor(MediaTypes.OCI_LAYER, digest, size), digest);
    } else if (Files.isRegularFile(path)) {
      progress.message("importing " + named);
      try (InputStream in = Files.newInputStream(path)) {
        layer = LocalImages.storeLayer(store, in);
      }
    } else {
      throw new ImageSourceException("base image " + ref + ": " + path + " is neither a directory nor a tar file");
    }
    return LocalImages.store(store, List.of(layer), LocalImages.defaultRunConfig(), ref);
  }
}
