package dev.templatestudio.bridge.embedded.image;

import dev.templatestudio.bridge.embedded.oci.Descriptor;
import dev.templatestudio.bridge.embedded.oci.MediaTypes;
import dev.templatestudio.bridge.embedded.oci.ImageIndex;
import dev.templatestudio.bridge.embedded.store.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code oci-layout:DIR[:TAG]}: an OCI image layout directory; TAG picks the manifest whose
 * {@code org.opencontainers.image.ref.name} annotation is TAG, and may be left out when the
 * layout holds one image.
 */
final class OciLayoutSource implements ImageCopy.Source {
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
  private final Path dir;

  private OciLayoutSource(Path dir) {
    this.dir = dir;
  }

  /** {@code spec} is what follows {@code oci-layout:}, made absolute against {@code base}. */
  static ResolvedImage resolve(String spec, Path base, String ref, BlobStore store,
      PullProgress progress) throws IOException {
    Path dir = dir(spec, base);
    String tag = dir.equals(base.resolve(spec)) ? null : spec.substring(spec.lastIndexOf(':') + 1);
    if (!Files.isRegularFile(dir.resolve("index.json"))) {
      throw new ImageSourceException("base image " + ref + ": " + dir + " is not an OCI image layout (no index.json)");
    }
    ImageIndex index = OciJson.read(Files.readAllBytes(dir.resolve("index.json")), ImageIndex.class,
        dir.resolve("index.json").toString());
    Descriptor top = pick(index, tag, ref);
    progress.message("importing " + ref);
    OciLayoutSource source = new OciLayoutSource(dir);
    return ImageCopy.copy(source, top, source.read(top), store, progress, ref);
  }

  /** The layout's folder: {@code spec} itself when it is one, else {@code spec} without its {@code :TAG}. */
  static Path dir(String spec, Path base) {
    Path dir = base.resolve(spec);
    int colon = spec.lastIndexOf(':');
    if (!Files.isDirectory(dir) && colon > spec.lastIndexOf('/')) {
      return base.resolve(spec.substring(0, colon));
    }
    return dir;
  }

  private static Descriptor pick(ImageIndex index, String tag, String ref) throws ImageSourceException {
    List<String> tags = new ArrayList<>();
    for (Descriptor d : index.manifests()) {
      Map<String, String> annotations = d.annotations();
      String name = annotations == null ? null : annotations.get(MediaTypes.REF_NAME);
      if (name != null) {
        tags.add(name);
        if (name.equals(tag)) {
          return d;
        }
      }
    }
    if (tag == null && index.manifests().size() == 1) {
      return index.manifests().get(0);
    }
    if (tag == null) {
      throw new ImageSourceException("base image " + ref + " holds " + index.manifests().size()
          + " images: name one with oci-layout:DIR:TAG (tags: " + String.join(", ", tags) + ")");
    }
    throw new ImageSourceException("base image " + ref + ": no image tagged '" + tag
        + "' in the layout (tags: " + String.join(", ", tags) + ")");
  }

  private Path blob(Descriptor descriptor) throws ImageSourceException {
    if (descriptor.digest() == null || !DIGEST.matcher(descriptor.digest()).matches()) {
      throw new ImageSourceException("the OCI layout " + dir + " names an unsupported digest: " + descriptor.digest());
    }
    Path path = dir.resolve("blobs/sha256").resolve(descriptor.digest().substring("sha256:".length()));
    if (!Files.isRegularFile(path)) {
      throw new ImageSourceException("the OCI layout " + dir + " lacks blob " + descriptor.digest());
    }
    return path;
  }

  @Override
  public byte[] read(Descriptor descriptor) throws IOException {
    return Files.readAllBytes(blob(descriptor));
  }

  @Override
  public void fetch(Descriptor descriptor, BlobStore store, PullProgress progress) throws IOException {
    Path path = blob(descriptor);
    try (InputStream in = Files.newInputStream(path)) {
      store.put(out -> in.transferTo(out), descriptor.digest());
    }
    progress.blob(descriptor.digest(), descriptor.size(), descriptor.size(), false);
  }
}
