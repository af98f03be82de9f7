package dev.templatestudio.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class data archive's training run: it really builds (twice, the second from the cache),
 * so build's classes are in the archive, prints nothing, and leaves no mount behind.
 */
class CdsTrainingTest {
  @TempDir Path tmp;

  @Test
  void trainingBuildsForRealAndPrintsNothing() throws Exception {
    assertThat(CdsTrainingCommand.train(tmp)).containsExactly(0, 0);
    assertThat(tmp.resolve("store/templates")).isDirectory();
    assertThat(Files.readString(Path.of("/proc/mounts"))).doesNotContain(tmp.toString());

    CliRunner whole = CliRunner.run("cds-training");
    assertThat(whole.exitCode()).isZero();
    assertThat(whole.out()).isEmpty();
    assertThat(whole.err()).isEmpty();
  }
}
