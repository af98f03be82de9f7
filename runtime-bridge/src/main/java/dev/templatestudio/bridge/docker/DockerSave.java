package dev.templatestudio.bridge.docker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.templatestudio.bridge.embedded.image.ImageSources;
import dev.templatestudio.bridge.embedded.image.PullProgress;
import dev.templatestudio.bridge.embedded.image.ResolvedImage;
import dev.templatestudio.bridge.embedded.store.BlobStore;
import dev.templatestudio.bridge.io.Trees;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A template image of the Docker Engine as an image in a BlobStore of its own, so that the
 * embedded store's exporters (OCI layout, rootfs tar, ext4) write it out: the engine's
 * {@code docker save} tar ({@code GET /images/{id}/get}) read as a {@code docker-archive:} base
 * is (every layer checked against its config's diff id, the config kept byte for byte, so its
 * digest is still the engine's image id). The folder it works in is deleted on close. Not
 * thread-safe.
 */
public final class DockerSave implements AutoCloseable {
  private final Path dir;
  private final BlobStore blobs;
  private final String ref;
  private final String manifestDigest;

  private DockerSave(Path dir, BlobStore blobs, String ref, String manifestDigest) {
    this.dir = dir;
    this.blobs = blobs;
    this.ref = ref;
    this.manifestDigest = manifestDigest;
  }

  /**
   * Saves template {@code ref} ({@code NAME@sha256:ID}, {@code NAME:TAG} or {@code NAME}, as
   * {@code run} takes it) from the engine at {@code host} into a new folder under {@code parent}.
   *
   * @throws IOException with one sentence when the engine has no such template
   */
  public static DockerSave of(DockerHost host, String ref, Path parent) throws IOException {
    DockerApi api = DockerApi.connect(host);
    JsonNode image = DockerRun.resolve(api, ref).orElseThrow(() -> new IOException("template \"" + ref
        + "\" is not on the Docker Engine at " + host.url() + " (templates --runtime docker lists what is)"));
    String id = image.path("Id").asText();
    String name = image.path("Config").path("Labels").path(DockerLabels.TEMPLATE).asText();
    Files.createDirectories(parent);
    Path dir = Files.createTempDirectory(parent, "export-");
    try {
      Path tar = dir.resolve("save.tar");
      try (DockerHttp.Response r = api.http().send("GET", "/images/" + URLEncoder.encode(id, StandardCharsets.UTF_8)
          + "/get", null, -1, null).checked(); OutputStream out = Files.newOutputStream(tar)) {
        r.body.transferTo(out);
      }
      BlobStore blobs = new BlobStore(dir.resolve("blobs"));
      ResolvedImage saved = ImageSources.resolve("docker-archive:" + tar, blobs, PullProgress.NONE);
      // Its layers are blobs now: the tar would only double the space the export takes.
      Files.delete(tar);
      String engineId = id.startsWith("sha256:") ? id : "sha256:" + id;
      return new DockerSave(dir, blobs, name + "@" + engineId, saved.manifestDigest());
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
