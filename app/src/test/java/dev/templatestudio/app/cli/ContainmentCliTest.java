package dev.templatestudio.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.templatestudio.bridge.embedded.bench.BusyboxImage;
import dev.templatestudio.bridge.embedded.layer.HostTools;
import dev.templatestudio.bridge.embedded.store.Store;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe as a user types it: a context whose {@code a/x} links to a host folder,
 * {@code b/x/pwned} re-included by {@code .dockerignore}, and a copy of {@code a/} and
 * {@code b/} to {@code /app/}. Neither {@code build} nor {@code build} through a {@code serve}
 * process writes into the host folder; both end in one sentence naming the image's path.
 */
@Timeout(180)
class ContainmentCliTest {
  private static final Pattern SERVING = Pattern.compile(
      "template-studio: serving (http://127\\.0\\.0\\.1:\\d+) \\(store .*; token in (.*)\\)");
  private static final String SENTENCE = "failed: step 1 (COPY a/ b/ /app/) failed: \"b/x/pwned\" cannot be "
      + "copied to /app/x/pwned: /app/x is a symbolic link, and a copy never writes through one\n";
  @TempDir Path tmp;
  Path store;
  Path host;
  Path file;

  @BeforeEach
  void setUp() throws Exception {
    assumeTrue(BusyboxImage.available(), "busybox-static is not installed");
    assumeTrue(HostTools.isRoot(), "the sandbox tests run as root");
    store = tmp.resolve("store");
    BusyboxImage.seed(Store.open(store), tmp);
    host = Files.createDirectories(tmp.resolve("host"));
    Path ctx = Files.createDirectories(tmp.resolve("ctx"));
    Files.createDirectories(ctx.resolve("a"));
    Files.createSymbolicLink(ctx.resolve("a/x"), host);
    Files.createDirectories(ctx.resolve("b/x"));
    Files.writeString(ctx.resolve("b/x/pwned"), "pwned\n");
    Files.writeString(ctx.resolve(".dockerignore"), "b/x\n!b/x/pwned\n");
    file = Files.writeString(ctx.resolve("probe.template.json"), """
        {"schema": "template-studio/v1", "base": {"template": "busybox"},
         "steps": [{"type": "copy", "sources": ["a/", "b/"], "dest": "/app/"}]}
        """);
  }

  private void assertHostUntouched() throws Exception {
    try (Stream<Path> list = Files.list(host)) {
      assertThat(list).as("written onto the host").isEmpty();
    }
  }

  @Test
  void aLocalBuildRefusesToWriteThroughTheLink() throws Exception {
    CliRunner build = CliRunner.run("build", file.toString(), "--store", store.toString());
    assertThat(build.exitCode()).as(build.err()).isEqualTo(1);
    assertThat(build.err()).isEqualTo("template-studio: the build " + SENTENCE);
    assertHostUntouched();
  }

  @Test
  void aBuildThroughServeRefusesToWriteThroughTheLink() throws Exception {
    Process serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.templatestudio.app.Launcher",
        "serve", "--port", "0", "--store", store.toString()).start();
    try {
      BufferedReader err = new BufferedReader(new InputStreamReader(serve.getErrorStream(), StandardCharsets.UTF_8));
      String line = err.readLine();
      Matcher m = SERVING.matcher(line == null ? "" : line);
      assertThat(m.matches()).as(line).isTrue();
      CliRunner build = CliRunner.run("build", file.toString(), "--runtime", m.group(1), "--token-file", m.group(2));
      assertThat(build.exitCode()).as(build.err()).isEqualTo(1);
      assertThat(build.err()).isEqualTo("template-studio: the build on " + m.group(1) + " " + SENTENCE);
      assertHostUntouched();
    } finally {
      serve.destroyForcibly();
      serve.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
