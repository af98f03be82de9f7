package dev.templatestudio.bridge.runtimes;

import dev.templatestudio.bridge.docker.DockerHost;
import dev.templatestudio.bridge.docker.DockerSave;
import dev.templatestudio.bridge.embedded.image.ImageSources;
import dev.templatestudio.bridge.embedded.image.PullProgress;
import dev.templatestudio.bridge.embedded.image.ResolvedImage;
import dev.templatestudio.bridge.embedded.store.BlobStore;
import dev.templatestudio.bridge.io.Trees;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A docker-built template as an image in a blob store of its own, so the embedded store's
 * exporters (OCI layout, rootfs tar, ext4) write it out: the docker runtime's save
 * ({@link DockerSave}) read as a {@code docker-archive:} base is (every layer checked against
 * its config's diff id, the config kept byte for byte, so its digest is still the engine's image
 * id). Here because only {@code runtimes} may see both runtimes. The folder it works in is
 * deleted on close, and at once when the save or the reading fails. Not thread-safe.
 */
public final class DockerExport implements AutoCloseable {
  private final Path dir;
  private final BlobStore blobs;
  private final String ref;
  private final String manifestDigest;

  private DockerExport(Path dir, BlobStore blobs, String ref, String manifestDigest) {
    this.dir = dir;
    this.blobs = blobs;
    this.ref = ref;
    this.manifestDigest = manifestDigest;
  }

  /**
   * Saves template {@code ref} from the engine of {@code spec} ({@code docker},
   * {@code docker:unix:///PATH}, {@code docker:tcp://HOST:PORT}) into a new folder under
   * {@code parent} (a store's folder rather than /tmp: an image may not fit a tmpfs).
   *
   * @throws IOException with one sentence when the engine has no such template
   */
  public static DockerExport of(String spec, String ref, Path parent) throws IOException {
    DockerHost host = DockerHost.fromSpec(spec, System.getenv());
    Files.createDirectories(parent);
    Path dir = Files.createTempDirectory(parent, "export-");
    try {
      Path tar = dir.resolve("save.tar");
      String saved;
      try (OutputStream out = Files.newOutputStream(tar)) {
        saved = DockerSave.save(host, ref, out);
      }
      BlobStore blobs = new BlobStore(dir.resolve("blobs"));
      ResolvedImage image = ImageSources.resolve("docker-archive:" + tar, blobs, PullProgress.NONE);
      // Its layers are blobs now: the tar would only double the space the export takes.
      Files.delete(tar);
      return new DockerExport(dir, blobs, saved, image.manifestDigest());
    } catch (IOException | RuntimeException e) {
      try {
        Trees.delete(dir);
      } catch (IOException left) {
        e.addSuppressed(left);
      }
      throw e;
    }
  }

  /** The blobs of the saved image: its manifest, config and layers. */
  public BlobStore blobs() {
    return blobs;
  }

  /** The template's ref on the engine, {@code NAME@sha256:<image id>}. */
  public String ref() {
    return ref;
  }

  /** The digest of the saved image's manifest in {@link #blobs}. */
  public String manifestDigest() {
    return manifestDigest;
  }

  /** Deletes the folder the image was saved into. */
  @Override
  public void close() throws IOException {
    Trees.delete(dir);
  }
}
