package dev.templatestudio.bridge.embedded.export;

import dev.templatestudio.bridge.embedded.image.OciJson;
import dev.templatestudio.bridge.io.SafePaths;
import dev.templatestudio.bridge.embedded.oci.Descriptor;
import dev.templatestudio.bridge.embedded.oci.ImageIndex;
import dev.templatestudio.bridge.embedded.oci.Manifest;
import dev.templatestudio.bridge.embedded.oci.MediaTypes;
import dev.templatestudio.bridge.embedded.store.BlobStore;
import dev.templatestudio.bridge.io.AtomicWrite;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes an image from the BlobStore as an OCI image layout (what {@code skopeo copy oci:DIR}
 * and {@code umoci unpack} read). Blobs are copied from the store, never hard-linked: a
 * change to an exported file must not reach the content-addressed store. A manifest with Docker media types is rewritten with the OCI ones
 * (umoci accepts only those), which gives it a new digest. An existing layout gets the image
 * added under its tag (an older image with that tag is replaced); its {@code blobs/sha256} must
 * be a real folder, and a blob that is a link there is replaced, never written through. Blocking.
 */
public final class OciLayoutExporter {

  private OciLayoutExporter() {}

  /** Exports the image {@code manifestDigest} to {@code dir} tagged {@code tag}; returns the exported manifest digest. */
  public static String export(BlobStore store, String manifestDigest, Path dir, String tag)
      throws IOException {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new ExportException("cannot export to " + dir + ": it is a file, not a directory");
    }
    boolean existingLayout = Files.isRegularFile(dir.resolve("oci-layout"));
    if (!existingLayout && Files.isDirectory(dir)) {
      try (var list = Files.list(dir)) {
        if (list.findAny().isPresent()) {
          throw new ExportException("cannot export to " + dir + ": it is neither empty nor an OCI layout");
        }
      }
    }
    Files.createDirectories(dir);
    // Inside the layout nothing is written through a link: an existing layout's blobs folder
    // that leads elsewhere would receive the blobs wherever it points.
    if (new SafePaths(dir).ensureDirectory("blobs/sha256") == null) {
      throw new ExportException("cannot export to " + dir + ": its blobs/sha256 is a symbolic link or a file, "
          + "and an export writes only into real folders");
    }
    Manifest manifest = OciJson.read(store.read(manifestDigest), Manifest.class,
        "the manifest " + manifestDigest);
    Manifest oci = asOci(manifest);
    byte[] manifestBytes = oci.equals(manifest) ? store.read(manifestDigest) : OciJson.write(oci);
    String exportedDigest = oci.equals(manifest) ? manifestDigest : store.put(manifestBytes);
    copy(store, manifest.config().digest(), dir);
    for (Descriptor layer : manifest.layers()) {
      copy(store, layer.digest(), dir);
    }
    copy(store, exportedDigest, dir);
    AtomicWrite.write(dir.resolve("oci-layout"),
        "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
    List<Descriptor> manifests = new ArrayList<>();
    if (existingLayout && Files.isRegularFile(dir.resolve("index.json"))) {
      ImageIndex old = OciJson.read(Files.readAllBytes(dir.resolve("index.json")), ImageIndex.class,
          "the index.json of " + dir);
      for (Descriptor d : old.manifests()) {
        if (d.annotations() == null || !tag.equals(d.annotations().get(MediaTypes.REF_NAME))) {
          manifests.add(d);
        }
      }
    }
    manifests.add(new Descriptor(MediaTypes.OCI_MANIFEST, exportedDigest, manifestBytes.length,
        Map.of(MediaTypes.REF_NAME, tag), null));
    ImageIndex index = new ImageIndex(2, MediaTypes.OCI_INDEX, manifests, null);
    AtomicWrite.write(dir.resolve("index.json"), OciJson.write(index));
    return exportedDigest;
  }

  private static Manifest asOci(Manifest manifest) {
    Descriptor config = withType(manifest.config(), MediaTypes.OCI_CONFIG);
    List<Descriptor> layers = new ArrayList<>();
    for (Descriptor layer : manifest.layers()) {
      String type = layer.mediaType();
      if (MediaTypes.DOCKER_LAYER_GZIP.equals(type)) {
        type = MediaTypes.OCI_LAYER_GZIP;
      } else if ("application/vnd.docker.image.rootfs.diff.tar".equals(type)) {
        type = MediaTypes.OCI_LAYER;
      }
      layers.add(withType(layer, type));
    }
    return new Manifest(2, MediaTypes.OCI_MANIFEST, config, layers, manifest.annotations());
  }

  private static Descriptor withType(Descriptor d, String mediaType) {
    return new Descriptor(mediaType, d.digest(), d.size(), d.annotations(), d.platform());
  }

  private static void copy(BlobStore store, String digest, Path dir) throws IOException {
    Path target = dir.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
    if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!store.has(digest)) {
      throw new ExportException("the store lacks blob " + digest + " of this image; build or pull it again");
    }
    Path temp = target.resolveSibling(target.getFileName() + ".part");
    // A layer kept as its tree is made again here; its digest is checked before the rename.
    try (OutputStream out = Files.newOutputStream(temp)) {
      store.copy(digest, out);
    } catch (IOException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    AtomicWrite.givePermissions(temp, target);
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
  }
}
