package dev.templatestudio.bridge.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The variables in scope at each step share their structure: a template of 60,000 env steps
 * (the size of a 2.4 MB request) is scoped in a JVM with a 96 MB heap. Copying the whole map
 * per step needed 1.8 billion entries: gigabytes, and an OutOfMemoryError here.
 */
class BuildScopeSharingTest {

  @Test
  @Timeout(120)
  void sixtyThousandEnvStepsAreScopedInASmallHeap() throws Exception {
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx96m", "-cp", System.getProperty("java.class.path"), BuildScopeMain.class.getName(), "60000")
        .redirectErrorStream(true).start();
    try {
      assertThat(child.waitFor(100, TimeUnit.SECONDS)).as("scoped in time").isTrue();
      String out = output(child);
      assertThat(child.exitValue()).as(out).isZero();
      assertThat(out).contains("variables 60000, V1=base+1, V59999=base+59999, first step sees {V0=base}");
    } finally {
      child.destroyForcibly();
    }
  }

  private static String output(Process p) throws IOException {
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
