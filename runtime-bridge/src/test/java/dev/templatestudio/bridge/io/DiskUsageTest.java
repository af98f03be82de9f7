package dev.templatestudio.bridge.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DiskUsage.of says what {@code du -b -s} says, for a small tree walked here and a large one left to du. */
class DiskUsageTest {
  @TempDir Path tmp;

  private static long du(Path p) throws Exception {
    Process du = new ProcessBuilder("du", "-b", "-s", "-x", p.toString()).redirectErrorStream(true).start();
    String out = new String(du.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(du.waitFor()).isZero();
    return Long.parseLong(out.substring(0, out.indexOf('\t')));
  }

  @Test
  void aSmallTreeCountsHardLinksOnceAsDuDoes() throws Exception {
    Path tree = Files.createDirectories(tmp.resolve("tree/sub"));
    Path a = Files.write(tmp.resolve("tree/a"), new byte[10_000]);
    Files.createLink(tmp.resolve("tree/sub/b"), a);
    Files.createSymbolicLink(tmp.resolve("tree/l"), Path.of("a"));
    Files.writeString(tmp.resolve("tree/sub/c"), "c\n");
    Path root = tree.getParent();
    assertThat(DiskUsage.of(root)).isEqualTo(du(root)).isLessThan(20_000);
  }

  @Test
  void aLargeTreeGivesDuFigureToo() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("big"));
    for (int i = 0; i < 2_100; i++) {
      Files.writeString(root.resolve("f" + i), "x".repeat(i % 7));
    }
    assertThat(DiskUsage.of(root)).isEqualTo(du(root));
  }
}
