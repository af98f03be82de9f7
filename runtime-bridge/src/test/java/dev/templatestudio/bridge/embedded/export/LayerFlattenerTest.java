package dev.templatestudio.bridge.embedded.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.embedded.layer.TarBuilder;
import dev.templatestudio.bridge.embedded.oci.Descriptor;
import dev.templatestudio.bridge.embedded.oci.MediaTypes;
import dev.templatestudio.bridge.embedded.store.BlobStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Merging hand-made layers: every OCI whiteout rule, type changes and hard links across layers. */
class LayerFlattenerTest {
  @TempDir Path tmp;

  @Test
  void threeLayersMergeByTheOciRules() throws Exception {
    BlobStore store = new BlobStore(tmp);
    List<Descriptor> layers = List.of(
        layer(store, new TarBuilder()
            .dir("a/").file("a/x", "x0").file("a/y", "y0")
            .dir("b/").file("b/inner", "gone with b")
            .file("c", "c was a file")
            .file("m", "m0")
            .file("./dotted", "names are normalised")
            .device("dev/mem", TarConstants.LF_CHR, 1, 1)
            .build(), false),
        layer(store, new TarBuilder()
            .file("a/.wh.x", "")
            .file(".wh.b", "")
            .dir("c/").file("c/z", "c is a dir now")
            .hardlink("hl", "m")
            .file("../escape", "dropped")
            .build(), true),
        layer(store, new TarBuilder()
            .dir("a/").file("a/.wh..wh..opq", "").file("a/w", "w2")
            .file("m", "m2")
            .build(), false));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<String> warnings = new LayerFlattener(store, layers).write(out);

    Map<String, String> entries = entries(out.toByteArray());
    assertThat(entries.keySet()).containsExactlyInAnyOrder(
        "a/", "a/w", "c/", "c/z", "m", "hl", "dotted");
    assertThat(entries).containsEntry("a/w", "w2").containsEntry("c/z", "c is a dir now")
        .containsEntry("m", "m2").containsEntry("hl", "-> m");
    List<String> order = new ArrayList<>(entries.keySet());
    assertThat(order.indexOf("m")).as("a hard link follows its target").isLessThan(order.indexOf("hl"));
    assertThat(warnings).hasSize(2).anyMatch(w -> w.contains("dev/mem")).anyMatch(w -> w.contains("../escape"));
  }

  private static Descriptor layer(BlobStore store, byte[] tar, boolean gzip) throws Exception {
    byte[] bytes = tar;
    if (gzip) {
      ByteArrayOutputStream gz = new ByteArrayOutputStream();
      try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
        out.write(tar);
      }
      bytes = gz.toByteArray();
    }
    return new Descriptor(gzip ? MediaTypes.OCI_LAYER_GZIP : MediaTypes.OCI_LAYER, store.put(bytes), bytes.length);
  }

  /** Name → content, or "-> target" for hard links, in archive order. */
  private static Map<String, String> entries(byte[] tar) throws Exception {
    Map<String, String> entries = new LinkedHashMap<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      TarArchiveEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        String value = entry.isLink() ? "-> " + entry.getLinkName()
            : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        entries.put(entry.getName(), value);
      }
    }
    return entries;
  }
}
