package dev.templatestudio.bridge.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A log's memory does not grow with its length: two million output lines (about 150 MB
 * encoded) are appended and read back in a JVM with a 64 MB heap.
 */
class EventLogMemoryTest {
  @TempDir Path spill;

  @Test
  @Timeout(180)
  void twoMillionLinesFitInASmallHeap() throws Exception {
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx64m", "-cp", System.getProperty("java.class.path"), EventLogMain.class.getName(), "2000000",
        spill.toString()).redirectErrorStream(true).start();
    try {
      assertThat(child.waitFor(150, TimeUnit.SECONDS)).as("done in time").isTrue();
      String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(child.exitValue()).as(out).isZero();
      assertThat(out).contains("read 2000000");
    } finally {
      child.destroyForcibly();
    }
  }
}
