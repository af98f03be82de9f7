package dev.templatestudio.bridge.embedded.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.templatestudio.bridge.embedded.layer.LayerExtractor;
import dev.templatestudio.bridge.embedded.layer.LayerRefusedException;
import dev.templatestudio.bridge.embedded.layer.TarBuilder;
import dev.templatestudio.bridge.embedded.oci.Descriptor;
import dev.templatestudio.bridge.embedded.oci.ImageConfig;
import dev.templatestudio.bridge.embedded.oci.ImageIndex;
import dev.templatestudio.bridge.embedded.oci.MediaTypes;
import dev.templatestudio.bridge.embedded.store.BlobStore;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images this engine does not support fail with a user error in one sentence, not a bug. */
public class UnsupportedImagesTest {
  @TempDir Path tmp;

  /** An OCI layout tagged {@code t} whose one layer descriptor says {@code layerDigest}. */
  public static Path layout(Path dir, byte[] layer, String layerDigest) throws Exception {
    BlobStore blobs = new BlobStore(dir);
    String real = blobs.put(layer);
    ImageConfig config = new ImageConfig("1970-01-01T00:00:00Z", HostPlatform.architecture(),
        "linux", null, new ImageConfig.RootFs("layers", List.of(real)), List.of());
    ResolvedImage made = LocalImages.store(blobs, config, List.of(new Descriptor(
        MediaTypes.OCI_LAYER, layerDigest == null ? real : layerDigest, layer.length)));
    Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    Files.write(dir.resolve("index.json"), OciJson.write(new ImageIndex(2, MediaTypes.OCI_INDEX,
        List.of(new Descriptor(MediaTypes.OCI_MANIFEST, made.manifestDigest(),
            Files.size(blobs.path(made.manifestDigest())),
            Map.of("org.opencontainers.image.ref.name", "t"), null)), null)));
    return dir;
  }

  @Test
  void aLayerNamedBySha512IsAnImageSourceError() throws Exception {
    Path layout = layout(tmp.resolve("layout"), new TarBuilder().file("a", "a").build(),
        "sha512:" + "ab".repeat(64));
    BlobStore store = new BlobStore(tmp.resolve("store"));

    assertThatThrownBy(() -> ImageSources.resolve("oci-layout:" + layout + ":t", store,
        PullProgress.NONE))
        .isInstanceOf(ImageSourceException.class)
        .hasMessageContaining("sha512:abab")
        .hasMessageContaining("only sha256 digests");
  }

  @Test
  void aZstdLayerIsRefusedAsAUserError() {
    byte[] zstd = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0, 0, 0, 0};
    assertThatThrownBy(() -> LayerExtractor.extract(new ByteArrayInputStream(zstd), tmp.resolve("x")))
        .isInstanceOf(LayerRefusedException.class)
        .hasMessageStartingWith("zstd-compressed layers are not supported");
    assertThat(tmp.resolve("x")).isEmptyDirectory();
  }
}
