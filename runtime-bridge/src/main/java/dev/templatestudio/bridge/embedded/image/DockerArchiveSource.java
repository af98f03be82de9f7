package dev.templatestudio.bridge.embedded.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.templatestudio.bridge.embedded.layer.ArchiveNames;
import dev.templatestudio.bridge.embedded.oci.Descriptor;
import dev.templatestudio.bridge.embedded.oci.ImageConfig;
import dev.templatestudio.bridge.embedded.store.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * {@code docker-archive:FILE}: the tar {@code docker save} writes (optionally gzipped), in the
 * classic layout ({@code <id>/layer.tar}) or the OCI-style one of Docker 25+
 * ({@code blobs/sha256/...}); both are described by {@code manifest.json}. Every layer is
 * checked against the diff id its config gives.
 */
final class DockerArchiveSource {
  private DockerArchiveSource() {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record SavedImage(@JsonProperty("Config") String config,
      @JsonProperty("RepoTags") List<String> repoTags,
      @JsonProperty("Layers") List<String> layers) {}

  static ResolvedImage resolve(Path file, String ref, BlobStore store, PullProgress progress)
      throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new ImageSourceException("base image " + ref + ": no such file " + file);
    }
    progress.message("importing " + ref);
    Path plain = file;
    Path temp = null;
    try {
      if (ArchiveNames.isGzip(file)) {
        // TarFile needs to seek, so a gzipped archive is unpacked to a temp file first.
        temp = Files.createTempFile(store.root().resolve("tmp"), "docker-archive-", ".tar");
        // Charged as it inflates, so a decompression bomb stops at the build's bound.
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16);
             OutputStream out = store.budget().charging(Files.newOutputStream(temp))) {
          in.transferTo(out);
        }
        plain = temp;
      }
      TarFile tar;
      try {
        tar = new TarFile(plain);
      } catch (IOException e) {
        throw new ImageSourceException("base image " + ref + " is not a readable tar archive: " + e.getMessage(), e);
      }
      try (tar) {
        return importFrom(tar, ref, store, progress);
      }
    } finally {
      if (temp != null) {
        store.budget().release(Files.exists(temp) ? Files.size(temp) : 0);
        Files.deleteIfExists(temp);
      }
    }
  }

  private static ResolvedImage importFrom(TarFile tar, String ref, BlobStore store,
      PullProgress progress) throws IOException {
    Map<String, TarArchiveEntry> entries = new HashMap<>();
    for (TarArchiveEntry entry : tar.getEntries()) {
      entries.put(clean(entry.getName()), entry);
    }
    SavedImage[] saved = OciJson.read(bytes(tar, entries, "manifest.json", ref), SavedImage[].class,
        ref + " manifest.json");
    if (saved.length != 1) {
      List<String> tags = new ArrayList<>();
      for (SavedImage image : saved) {
        tags.addAll(image.repoTags() == null ? List.of() : image.repoTags());
      }
      throw new ImageSourceException("base image " + ref + " holds " + saved.length
          + " images, expected one (tags: " + String.join(", ", tags) + ")");
    }
    SavedImage image = saved[0];
    byte[] configJson = bytes(tar, entries, image.config(), ref);
    ImageConfig config = OciJson.read(configJson, ImageConfig.class, ref + " " + image.config());
    List<String> diffIds = config.rootfs() == null ? List.of() : config.rootfs().diffIds();
    List<String> layerNames = image.layers() == null ? List.of() : image.layers();
    if (diffIds.size() != layerNames.size()) {
      throw new ImageSourceException("base image " + ref + " is inconsistent: " + layerNames.size()
          + " layers but " + diffIds.size() + " diff ids in its config");
    }
    List<Descriptor> layers = new ArrayList<>();
    for (int i = 0; i < layerNames.size(); i++) {
      LocalImages.Layer layer;
      try (InputStream in = tar.getInputStream(entry(entries, layerNames.get(i), ref))) {
        layer = LocalImages.storeLayer(store, in);
      }
      if (!layer.diffId().equals(diffIds.get(i))) {
        throw new ImageSourceException("base image " + ref + ": layer " + layerNames.get(i)
            + " does not match the diff id in its config (" + diffIds.get(i) + ")");
      }
      progress.blob(layer.descriptor().digest(), layer.descriptor().size(), layer.descriptor().size(), false);
      layers.add(layer.descriptor());
    }
    return LocalImages.store(store, configJson, config, layers);
  }

  private static byte[] bytes(TarFile tar, Map<String, TarArchiveEntry> entries, String name,
      String ref) throws IOException {
    try (InputStream in = tar.getInputStream(entry(entries, name, ref))) {
      return in.readAllBytes();
    }
  }

  private static TarArchiveEntry entry(Map<String, TarArchiveEntry> entries, String name, String ref)
      throws ImageSourceException {
    TarArchiveEntry entry = name == null ? null : entries.get(clean(name));
    if (entry == null) {
      throw new ImageSourceException("base image " + ref + " is not a docker save archive: "
          + (name == null ? "a manifest entry" : name) + " is missing");
    }
    return entry;
  }

  private static String clean(String name) {
    return name.startsWith("./") ? name.substring(2) : name;
  }
}
