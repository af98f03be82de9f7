package dev.templatestudio.bridge.embedded.image;

import static dev.templatestudio.bridge.embedded.layer.HostRequirements.requireRoot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.embedded.layer.TarBuilder;
import dev.templatestudio.bridge.embedded.oci.Descriptor;
import dev.templatestudio.bridge.embedded.oci.ImageConfig;
import dev.templatestudio.bridge.embedded.oci.ImageIndex;
import dev.templatestudio.bridge.embedded.oci.MediaTypes;
import dev.templatestudio.bridge.embedded.store.BlobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An imported image whose layer tries every escape: it imports (the blobs are what they
 * claim), and unpacking it refuses or contains each trick without touching anything outside.
 */
class MaliciousImageTest {
  @TempDir Path tmp;

  @Test
  void anImportedImageWithEscapingEntriesIsContainedWhenUnpacked() throws Exception {
    requireRoot("layers are unpacked with their owners");
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    byte[] passwd = Files.readAllBytes(Path.of("/etc/passwd"));
    byte[] layer = new TarBuilder()
        .file("../../outside/dotdot", "x")
        .file("/abs", "contained")
        .symlink("evil", outside.toString())
        .file("evil/through-symlink", "x")
        .hardlink("passwd-link", "/etc/passwd")
        .hardlink("up-link", "../../../../etc/passwd")
        .device("kmem", TarConstants.LF_CHR, 1, 2)
        .device("disk", TarConstants.LF_BLK, 8, 0)
        .file("ok", "ok")
        .build();
    Path layout = tmp.resolve("layout");
    BlobStore layoutBlobs = new BlobStore(layout);
    String layerDigest = layoutBlobs.put(layer);
    ImageConfig config = new ImageConfig("1970-01-01T00:00:00Z", HostPlatform.architecture(), "linux", null,
        new ImageConfig.RootFs("layers", List.of(layerDigest)), List.of());
    ResolvedImage made = LocalImages.store(layoutBlobs, config,
        List.of(new Descriptor(MediaTypes.OCI_LAYER, layerDigest, layer.length)));
    Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    Files.write(layout.resolve("index.json"), OciJson.write(new ImageIndex(2, MediaTypes.OCI_INDEX,
        List.of(new Descriptor(MediaTypes.OCI_MANIFEST, made.manifestDigest(),
            Files.size(layoutBlobs.path(made.manifestDigest())), Map.of("org.opencontainers.image.ref.name", "evil"),
            null)), null)));
    BlobStore store = new BlobStore(tmp.resolve("store"));

    ResolvedImage imported = ImageSources.resolve("oci-layout:" + layout + ":evil", store, PullProgress.NONE);
    List<String> warnings = TestImages.extractAll(store, imported, tmp.resolve("unpacked"));

    Path root = tmp.resolve("unpacked/0");
    assertThat(warnings).hasSize(7);
    assertThat(root.resolve("ok")).hasContent("ok");
    assertThat(root.resolve("abs")).hasContent("contained");
    assertThat(Files.readSymbolicLink(root.resolve("evil"))).isEqualTo(outside);
    try (var list = Files.list(outside)) {
      assertThat(list).isEmpty();
    }
    assertThat(tmp.resolve("dotdot")).doesNotExist();
    assertThat(Files.readAllBytes(Path.of("/etc/passwd"))).isEqualTo(passwd);
    for (String refused : List.of("passwd-link", "up-link", "kmem", "disk", "evil/through-symlink")) {
      assertThat(Files.exists(root.resolve(refused), java.nio.file.LinkOption.NOFOLLOW_LINKS)).as(refused).isFalse();
    }
  }
}
