package dev.templatestudio.bridge.embedded.changes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.changes.FileChange;
import dev.templatestudio.bridge.changes.StepChanges;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A layer no build of ours made: paths that climb out, and more paths than anyone looks at. */
class HostileLayerTest {
  private static final int FILES = 50_000;
  @TempDir Path tmp;

  @Test
  void pathsThatClimbOutAreCountedAndLeftOutAndAHugeLayerKeepsOnlyTheBiggest() throws Exception {
    Path lower = Files.createDirectories(tmp.resolve("lower/etc"));
    Files.writeString(lower.resolve("passwd"), "root\n");
    Path own = Files.createDirectories(tmp.resolve("own"));
    Path tar = tmp.resolve("layer.tar");
    try (OutputStream out = Files.newOutputStream(tar);
         TarArchiveOutputStream t = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name())) {
      t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      file(t, "../../etc/passwd", 10);
      file(t, "a/../../escape", 10);
      file(t, "etc/.wh...", 0);
      file(t, "/etc/passwd", 7);          // absolute: the image's own /etc/passwd, as every unpacker reads it
      for (int i = 0; i < FILES; i++) {
        file(t, "many/f" + i, i % 1000);
      }
    }

    KeptChanges out = new KeptChanges(LayerChanges.SHOWN);
    StepLayerReader reader = new StepLayerReader(new LowerLayers(List.of(tmp.resolve("lower"))), own, out);
    int unsafe;
    try (InputStream in = Files.newInputStream(tar)) {
      unsafe = reader.read(in);
    }
    StepChanges changes = out.finish(1, "RUN x", Files.size(tar), true, unsafe);

    assertThat(changes.unsafe()).isEqualTo(3);
    assertThat(changes.changes()).noneMatch(c -> c.path().contains("..") || c.path().contains("escape"));
    assertThat(changes.changes()).hasSize(LayerChanges.SHOWN);
    assertThat(changes.added()).isEqualTo(FILES);
    assertThat(changes.changed()).isEqualTo(1);
    assertThat(changes.omitted()).isEqualTo(FILES + 1 - LayerChanges.SHOWN);
    // Kept are the biggest: every file of 990 bytes or more (50 of each size), none below the cut.
    long smallestKept = changes.changes().stream().mapToLong(FileChange::size).min().orElseThrow();
    assertThat(smallestKept).isGreaterThanOrEqualTo(799);
    assertThat(changes.biggestFirst().get(0).size()).isEqualTo(999);
  }

  @Test
  void namesAreReadAsUnpackersReadThem() {
    assertThat(LayerEntries.normalize("./usr//bin/")).isEqualTo("usr/bin");
    assertThat(LayerEntries.normalize("/etc/passwd")).isEqualTo("etc/passwd");
    assertThat(LayerEntries.normalize("a/../b")).isNull();
    assertThat(LayerEntries.normalize("..")).isNull();
  }

  private static void file(TarArchiveOutputStream t, String name, int size) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name, true);
    e.setSize(size);
    t.putArchiveEntry(e);
    t.write(new byte[size]);
    t.closeArchiveEntry();
  }
}
