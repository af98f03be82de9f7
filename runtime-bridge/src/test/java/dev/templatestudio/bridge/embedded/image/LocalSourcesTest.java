package dev.templatestudio.bridge.embedded.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.templatestudio.bridge.embedded.BusyboxFixture;
import dev.templatestudio.bridge.context.LocalSources;
import dev.templatestudio.bridge.embedded.oci.MediaTypes;
import dev.templatestudio.bridge.embedded.store.BlobStore;
import dev.templatestudio.bridge.embedded.layer.LayerExtractor;
import dev.templatestudio.bridge.embedded.layer.LayerWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rootfs:DIR, rootfs:FILE.tar[.gz], oci-layout:DIR[:TAG] and docker-archive:FILE from real files. */
class LocalSourcesTest {
  @TempDir Path tmp;

  @Test
  void theThreeLocalPrefixesAreLocalAndRegistryReferencesAreNot() {
    assertThat(LocalSources.prefixOf("rootfs:dir")).isEqualTo("rootfs:");
    assertThat(LocalSources.prefixOf(" oci-layout:dir:tag")).isEqualTo("oci-layout:");
    assertThat(LocalSources.isLocal("docker-archive:img.tar")).isTrue();
    assertThat(LocalSources.isLocal("python:3.12")).isFalse();
    assertThat(LocalSources.isLocal("localhost:5000/rootfs:1")).isFalse();
    assertThat(LocalSources.isLocal(null)).isFalse();
  }

  @Test
  void rootfsDirBecomesAOneLayerImageWithAStableDigest() throws Exception {
    BlobStore store = new BlobStore(tmp.resolve("store"));
    ResolvedImage first = TestImages.busybox(store, tmp);
    ResolvedImage again = ImageSources.resolve("rootfs:" + tmp.resolve("busybox"), store, PullProgress.NONE);

    assertThat(again.manifestDigest()).isEqualTo(first.manifestDigest());
    assertThat(first.manifest().layers()).singleElement()
        .satisfies(l -> assertThat(l.mediaType()).isEqualTo(MediaTypes.OCI_LAYER));
    assertThat(first.config().rootfs().diffIds()).containsExactly(first.manifest().layers().get(0).digest());
    assertThat(first.config().os()).isEqualTo("linux");
    assertThat(first.config().architecture()).isEqualTo(HostPlatform.architecture());
    assertThat(store.has(first.manifest().config().digest())).isTrue();
    TestImages.extractAll(store, first, tmp.resolve("x"));
    assertThat(tmp.resolve("x/0/bin/busybox")).isRegularFile();
    assertThat(Files.readSymbolicLink(tmp.resolve("x/0/bin/sh"))).isEqualTo(Path.of("busybox"));
  }

  @Test
  void aLocalBaseIsNamedAsTheTemplateNamesItNotByThisMachinesPath() throws Exception {
    BlobStore store = new BlobStore(tmp.resolve("store"));
    BusyboxFixture.rootfs(tmp.resolve("rootfs"));
    BusyboxFixture.rootfsTar(tmp, tmp.resolve("rootfs.tar"));
    java.util.List<String> said = new java.util.ArrayList<>();
    PullProgress progress = new PullProgress() {
      @Override
      public void message(String text) {
        said.add(text);
      }
    };
    ImageSources.resolve("rootfs:rootfs", store, progress, tmp);
    ImageSources.resolve("rootfs:./rootfs.tar", store, progress, tmp);
    assertThat(said).containsExactly("archiving rootfs", "importing ./rootfs.tar");
  }

  @Test
  void rootfsTarAndTarGzAreKeptOnceAsTheEnginesOwnTarOfTheirFiles() throws Exception {
    BlobStore store = new BlobStore(tmp.resolve("store"));
    Path tar = BusyboxFixture.rootfsTar(tmp, tmp.resolve("rootfs.tar"));
    Path gz = tmp.resolve("rootfs.tar.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      Files.copy(tar, out);
    }

    ResolvedImage plain = ImageSources.resolve("rootfs:rootfs.tar", store, PullProgress.NONE, tmp);
    ResolvedImage zipped = ImageSources.resolve("rootfs:" + gz, store, PullProgress.NONE);

    String digest = plain.manifest().layers().get(0).digest();
    assertThat(plain.manifest().layers().get(0).mediaType()).isEqualTo(MediaTypes.OCI_LAYER);
    assertThat(zipped.manifest().layers()).isEqualTo(plain.manifest().layers());
    assertThat(plain.config().rootfs().diffIds()).containsExactly(digest);
    assertThat(store.isMade(digest)).as("kept as its unpacked files only").isTrue();
    assertThat(store.path(digest)).doesNotExist();
    assertThat(tmp.resolve("store/layers").resolve(digest.substring(7)).resolve("bin/busybox")).isRegularFile();
    // The layer is the tar the engine writes of the tar's files, mtimes kept.
    Path unpacked = tmp.resolve("unpacked");
    try (var in = Files.newInputStream(tar)) {
      LayerExtractor.extract(in, unpacked);
    }
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    LayerWriter.write(unpacked, expected, Instant.ofEpochSecond(077777777777L));
    assertThat(store.read(digest)).isEqualTo(expected.toByteArray());
  }

  @Test
  void ociLayoutIsImportedByTagAndVerified() throws Exception {
    BlobStore source = new BlobStore(tmp.resolve("source"));
    ResolvedImage image = TestImages.busybox(source, tmp);
    Path layout = TestImages.layout(source, image, tmp.resolve("layout"), "v1");
    TestImages.layout(source, image, layout, "v2");
    BlobStore store = new BlobStore(tmp.resolve("store"));

    ResolvedImage imported = ImageSources.resolve("oci-layout:" + layout + ":v2", store, PullProgress.NONE);

    assertThat(imported.manifestDigest()).isEqualTo(image.manifestDigest());
    assertThat(store.has(image.manifest().layers().get(0).digest())).isTrue();
    assertThatThrownBy(() -> ImageSources.resolve("oci-layout:" + layout + ":v3", store, PullProgress.NONE))
        .isInstanceOf(ImageSourceException.class).hasMessageContaining("no image tagged 'v3'")
        .hasMessageContaining("v1, v2");
    assertThatThrownBy(() -> ImageSources.resolve("oci-layout:" + layout, store, PullProgress.NONE))
        .hasMessageContaining("holds 2 images");
  }

  @Test
  void aTamperedLayoutBlobIsRefused() throws Exception {
    BlobStore source = new BlobStore(tmp.resolve("source"));
    ResolvedImage image = TestImages.busybox(source, tmp);
    Path layout = tmp.resolve("layout");
    TestImages.layout(source, image, layout, "v1");
    String layer = image.manifest().layers().get(0).digest();
    Path blob = layout.resolve("blobs/sha256/" + layer.substring(7));
    Files.delete(blob);
    Files.writeString(blob, "not the layer");
    BlobStore store = new BlobStore(tmp.resolve("store"));

    assertThatThrownBy(() -> ImageSources.resolve("oci-layout:" + layout + ":v1", store, PullProgress.NONE))
        .hasMessageContaining("does not match its digest");
    assertThat(store.has(layer)).isFalse();
  }

  @Test
  void dockerArchiveWrittenBySkopeoIsImported() throws Exception {
    BlobStore source = new BlobStore(tmp.resolve("source"));
    ResolvedImage image = TestImages.busybox(source, tmp);
    Path layout = TestImages.layout(source, image, tmp.resolve("layout"), "v1");
    Path archive = tmp.resolve("saved.tar");
    TestImages.skopeo("copy", "oci:" + layout + ":v1", "docker-archive:" + archive + ":busybox:v1");
    BlobStore store = new BlobStore(tmp.resolve("store"));

    ResolvedImage imported = ImageSources.resolve("docker-archive:" + archive, store, PullProgress.NONE);

    assertThat(imported.config().rootfs().diffIds()).isEqualTo(image.config().rootfs().diffIds());
    TestImages.extractAll(store, imported, tmp.resolve("x"));
    assertThat(tmp.resolve("x/0/bin/busybox")).isRegularFile();
  }

  @Test
  void dockerArchiveInTheDocker25LayoutIsImportedAndCheckedAgainstItsDiffIds() throws Exception {
    BlobStore source = new BlobStore(tmp.resolve("source"));
    ResolvedImage image = TestImages.busybox(source, tmp);
    String config = image.manifest().config().digest();
    String layer = image.manifest().layers().get(0).digest();
    Path archive = tmp.resolve("docker25.tar.gz");
    writeDocker25Archive(source, archive, config, layer);
    BlobStore store = new BlobStore(tmp.resolve("store"));

    ResolvedImage imported = ImageSources.resolve("docker-archive:" + archive, store, PullProgress.NONE);

    assertThat(imported.manifest().config().digest()).isEqualTo(config);
    assertThat(imported.manifest().layers()).extracting(d -> d.digest()).containsExactly(layer);

    Path lying = tmp.resolve("lying.tar.gz");
    String otherLayer = source.put("not a layer".getBytes());
    writeDocker25Archive(source, lying, config, otherLayer);
    assertThatThrownBy(() -> ImageSources.resolve("docker-archive:" + lying, store, PullProgress.NONE))
        .isInstanceOf(ImageSourceException.class).hasMessageContaining("does not match the diff id");
  }

  /** A {@code docker save} archive as Docker 25+ writes it: an OCI layout plus manifest.json. */
  private static void writeDocker25Archive(BlobStore blobs, Path file, String config, String layer)
      throws IOException {
    try (var out = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
        new GZIPOutputStream(Files.newOutputStream(file)))) {
      String manifest = "[{\"Config\":\"blobs/sha256/" + config.substring(7) + "\",\"RepoTags\":[\"busybox:1\"],"
          + "\"Layers\":[\"blobs/sha256/" + layer.substring(7) + "\"]}]";
      addEntry(out, "manifest.json", manifest.getBytes());
      addEntry(out, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes());
      for (String digest : new String[] {config, layer}) {
        addEntry(out, "blobs/sha256/" + digest.substring(7), blobs.read(digest));
      }
    }
  }

  private static void addEntry(org.apache.commons.compress.archivers.tar.TarArchiveOutputStream out,
      String name, byte[] data) throws IOException {
    var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(name);
    entry.setSize(data.length);
    out.putArchiveEntry(entry);
    out.write(data);
    out.closeArchiveEntry();
  }

  @Test
  void missingLocalSourcesSayWhatIsMissing() throws IOException {
    BlobStore store = new BlobStore(tmp.resolve("store"));
    assertThatThrownBy(() -> ImageSources.resolve("rootfs:/no/such", store, PullProgress.NONE))
        .isInstanceOf(ImageSourceException.class).hasMessageContaining("/no/such");
    assertThatThrownBy(() -> ImageSources.resolve("docker-archive:/no/such.tar", store, PullProgress.NONE))
        .isInstanceOf(ImageSourceException.class).hasMessageContaining("no such file");
    assertThatThrownBy(() -> ImageSources.resolve("oci-layout:" + tmp, store, PullProgress.NONE))
        .isInstanceOf(ImageSourceException.class).hasMessageContaining("not an OCI image layout");
    Path notTar = Files.write(tmp.resolve("not.tar"), new byte[] {1, 2, 3});
    assertThatThrownBy(() -> ImageSources.resolve("docker-archive:" + notTar, store, PullProgress.NONE))
        .isInstanceOf(ImageSourceException.class).hasMessageContaining("is not");
  }
}
