package dev.templatestudio.bridge.embedded.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.templatestudio.bridge.embedded.export.ExportTestAccess;
import dev.templatestudio.bridge.embedded.oci.Descriptor;
import dev.templatestudio.bridge.embedded.oci.MediaTypes;
import dev.templatestudio.bridge.embedded.store.BlobStore;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one set of rules every layer reader uses: names, and gzip / plain / zstd. */
class ArchiveNamesTest {
  private static final byte[] ZSTD = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0, 0, 0, 0};
  @TempDir Path tmp;

  @Test
  void namesAreNormalisedAndClimbingOutIsNull() {
    assertThat(ArchiveNames.normalize("./a//b/")).isEqualTo("a/b");
    assertThat(ArchiveNames.normalize("/a")).isEqualTo("a");
    assertThat(ArchiveNames.normalize("a/../..")).isNull();
  }

  @Test
  void gzipIsToldApartAndZstdIsRefusedWithoutMovingTheStream() throws Exception {
    var gzip = new BufferedInputStream(new ByteArrayInputStream(new byte[] {0x1f, (byte) 0x8b, 8}));
    assertThat(ArchiveNames.isGzip(gzip)).isTrue();
    assertThat(gzip.read()).isEqualTo(0x1f);
    assertThat(ArchiveNames.isGzip(new BufferedInputStream(new ByteArrayInputStream(new byte[] {'a'}))))
        .isFalse();
    assertThatThrownBy(() -> ArchiveNames.isGzip(new BufferedInputStream(new ByteArrayInputStream(ZSTD))))
        .isInstanceOf(LayerRefusedException.class);
  }

  @Test
  void theRootfsFlattenerRefusesZstdLayersToo() throws Exception {
    BlobStore store = new BlobStore(tmp);
    Descriptor zstd = new Descriptor(MediaTypes.OCI_LAYER, store.put(ZSTD), ZSTD.length);
    assertThatThrownBy(() -> ExportTestAccess.flatten(store, List.of(zstd), new ByteArrayOutputStream()))
        .isInstanceOf(LayerRefusedException.class).hasMessageStartingWith("zstd-compressed");
  }
}
