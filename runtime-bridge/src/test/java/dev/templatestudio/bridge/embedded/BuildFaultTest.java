package dev.templatestudio.bridge.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.templatestudio.bridge.embedded.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A build whose thread meets an Error still ends, with a build-end saying what happened. */
class BuildFaultTest {
  @TempDir Path tmp;

  @Test
  @Timeout(150)
  void aBuildThatRunsOutOfMemoryEndsInErrorSayingSo() throws Exception {
    assumeTrue(BusyboxFixture.available(), "busybox-static is not installed");
    Store store = EngineFixture.storeWithBusybox(tmp);
    // An 8 MB command in a 32 MB heap: the OutOfMemoryError killed the build's thread, and the
    // build never ended (its result never completed; serve said "building" for good).
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx32m", "-cp", System.getProperty("java.class.path"), OutOfMemoryMain.class.getName(),
        store.root().toString(), "8").redirectErrorStream(true).start();
    try {
      assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
      String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(out).as(out).containsPattern("(?m)^ended error: .*this process ran out of memory \\(Java heap space\\)$");
    } finally {
      child.destroyForcibly();
    }
  }

  @Test
  @Timeout(200)
  void aLineOfHundredsOfMegabytesIsCutWithoutBeingHeld() throws Exception {
    assumeTrue(BusyboxFixture.available(), "busybox-static is not installed");
    Store store = EngineFixture.storeWithBusybox(tmp);
    // The whole line was read before it was cut: 256 MB of text in a 64 MB heap.
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx64m", "-cp", System.getProperty("java.class.path"), LongLineMain.class.getName(),
        store.root().toString(), "256").redirectErrorStream(true).start();
    try {
      assertThat(child.waitFor(180, TimeUnit.SECONDS)).isTrue();
      String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(out).as(out).contains("ended ready: null\nline of 16386 ending x …\nline of 4 ending one\n");
    } finally {
      child.destroyForcibly();
    }
  }
}
