package dev.templatestudio.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.embedded.BusyboxFixture;
import dev.templatestudio.bridge.embedded.bench.BusyboxImage;
import dev.templatestudio.bridge.embedded.layer.HostRequirements;
import dev.templatestudio.bridge.embedded.store.Store;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stdlib-only Python client in clients/python against a real {@code serve} in its own
 * process: its own unittest suite (builder, build, cache, failure, secret, token), and the code
 * {@code render --format python --python-import template_studio} writes, run as it is, building
 * the same template to the same canonical ref as the CLI does.
 */
class PythonClientTest {
  private static final Path CLIENT = Path.of("../clients/python").toAbsolutePath().normalize();
  private static final Pattern SERVING = Pattern.compile(
      "template-studio: serving (http://127\\.0\\.0\\.1:\\d+) \\(store .*; token in (.*)\\)");
  @TempDir Path tmp;
  Process serve;
  String url;
  Path tokenFile;

  @BeforeEach
  void startServe() throws Exception {
    BusyboxFixture.require();
    HostRequirements.requireRoot("the sandbox mounts overlayfs");
    Path store = tmp.resolve("server-store");
    BusyboxImage.seed(Store.open(store), tmp);
    serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.templatestudio.app.Launcher",
        "serve", "--port", "0", "--store", store.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String line = new BufferedReader(new InputStreamReader(serve.getErrorStream(), StandardCharsets.UTF_8)).readLine();
    Matcher m = SERVING.matcher(line == null ? "" : line);
    assertThat(m.matches()).as(line).isTrue();
    url = m.group(1);
    tokenFile = Path.of(m.group(2));
  }

  @AfterEach
  void stopServe() throws Exception {
    if (serve != null) {
      serve.destroyForcibly();
      serve.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void theClientsOwnSuitePassesAgainstARealServeWithNothingSkipped() throws Exception {
    Ran r = python(CLIENT, Map.of("TS_TEST_SERVER", url, "TS_TEST_TOKEN_FILE", tokenFile.toString()),
        "-m", "unittest", "discover", "-s", "tests", "-v");
    assertThat(r.exit).as(r.output).isZero();
    assertThat(r.output).contains("Ran 11 tests").contains("\nOK").doesNotContain("skipped");
  }

  @Test
  void renderedCodeForTheClientBuildsTheSameRefAsTheCli() throws Exception {
    Path ctx = Files.createDirectories(tmp.resolve("hello"));
    Files.copy(Path.of("../examples/busybox/hello.template.json"), ctx.resolve("hello.template.json"));
    Files.createDirectories(ctx.resolve("site"));
    Files.writeString(ctx.resolve("site/index.html"), "<h1>hello</h1>\n");
    // The example's own rootfs script: it adds the www user the example's copy step names.
    Files.copy(Path.of("../examples/busybox/make-rootfs.sh"), ctx.resolve("make-rootfs.sh"));
    Process made = new ProcessBuilder("bash", ctx.resolve("make-rootfs.sh").toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(made.waitFor(60, TimeUnit.SECONDS) && made.exitValue() == 0).as("make-rootfs.sh").isTrue();
    Files.delete(ctx.resolve("make-rootfs.sh"));
    CliRunner rendered = CliRunner.run("render", ctx.resolve("hello.template.json").toString(),
        "--format", "python", "--python-import", "template_studio");
    assertThat(rendered.exitCode()).as(rendered.err()).isZero();
    assertThat(rendered.out()).startsWith("from template_studio import ")
        .contains(".set_build_envs({\"GREETING\": \"everyone\"})").contains("timeout_seconds=10");
    Files.writeString(ctx.resolve("build_hello.py"), rendered.out() + "print(build.ref)\n");

    Ran py = python(ctx, Map.of("PYTHONPATH", CLIENT.toString(), "TEMPLATE_STUDIO_SERVER", url,
        "TEMPLATE_STUDIO_TOKEN_FILE", tokenFile.toString()), "build_hello.py");
    assertThat(py.exit).as(py.output).isZero();
    List<String> lines = py.output.lines().toList();
    String pythonRef = lines.get(lines.size() - 1);
    assertThat(pythonRef).matches("hello@sha256:[0-9a-f]{64}");
    assertThat(py.output).contains("port 8080 answered");

    CliRunner cli = CliRunner.run("build", ctx.resolve("hello.template.json").toString(), "--store",
        tmp.resolve("cli-store").toString());
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    List<String> cliLines = cli.out().lines().toList();
    assertThat(pythonRef).isEqualTo(cliLines.get(cliLines.size() - 1));
  }

  private record Ran(int exit, String output) {}

  private static Ran python(Path dir, Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("python3"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new IOException("python3 is missing: the client's tests need Debian's python3 (.ci/apt-packages.txt)", e);
    }
    try {
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        throw new AssertionError("python3 " + String.join(" ", args) + " did not end in 120 s");
      }
      return new Ran(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } finally {
      p.destroyForcibly();
    }
  }
}
