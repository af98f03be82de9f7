package dev.templatestudio.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.embedded.bench.BusyboxImage;
import dev.templatestudio.bridge.embedded.store.Store;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} as its own process and {@code build}, {@code templates} and {@code run} against
 * it with {@code --runtime http://127.0.0.1:PORT}: the same progress, refs and exit codes as
 * with the embedded runtime; SIGTERM stops the server cleanly.
 */
class ServeCliTest {
  private static final Pattern SERVING = Pattern.compile(
      "template-studio: serving (http://127\\.0\\.0\\.1:\\d+) \\(store .*; token in (.*)\\)");
  @TempDir Path tmp;
  Path serverStore;
  Path file;
  Process serve;
  BufferedReader serveErr;
  String url;
  Path tokenFile;

  @BeforeEach
  void startServe() throws Exception {
    dev.templatestudio.bridge.embedded.BusyboxFixture.require();
    dev.templatestudio.bridge.embedded.layer.HostRequirements.requireRoot("the sandbox mounts overlayfs");
    serverStore = tmp.resolve("server-store");
    BusyboxImage.seed(Store.open(serverStore), tmp);
    serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.templatestudio.app.Launcher",
        "serve", "--port", "0", "--store", serverStore.toString()).start();
    serveErr = new BufferedReader(new InputStreamReader(serve.getErrorStream(), StandardCharsets.UTF_8));
    String line = serveErr.readLine();
    Matcher m = SERVING.matcher(line == null ? "" : line);
    assertThat(m.matches()).as(line).isTrue();
    url = m.group(1);
    tokenFile = Path.of(m.group(2));
    Path ctx = Files.createDirectories(tmp.resolve("web"));
    Files.writeString(ctx.resolve("hello.txt"), "hello\n");
    file = ctx.resolve("web.template.json");
    write("echo building $TOKEN");
  }

  @AfterEach
  void stopServe() throws Exception {
    if (serve != null && serve.isAlive()) {
      serve.destroyForcibly();
      serve.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private void write(String command) throws Exception {
    Files.writeString(file, """
        {"schema": "template-studio/v1", "base": {"template": "busybox"},
         "secrets": ["TOKEN"],
         "steps": [
           {"type": "copy", "sources": ["hello.txt"], "dest": "/srv/"},
           {"type": "run", "command": "%s"}
         ]}
        """.formatted(command));
  }

  private CliRunner remote(String... args) {
    List<String> all = new java.util.ArrayList<>(List.of(args));
    all.addAll(List.of("--runtime", url, "--token-file", tokenFile.toString()));
    return CliRunner.run(all.toArray(String[]::new));
  }

  @Test
  void buildsAndListsTemplatesOnTheServerThenStopsOnSigterm() throws Exception {
    assertThat(tokenFile).isEqualTo(serverStore.resolve("serve/token"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile))).isEqualTo("rw-------");
    Path secret = Files.writeString(tmp.resolve("secret"), "tok-123\n");

    CliRunner first = remote("build", file.toString(), "--secret", "TOKEN=file:" + secret);
    assertThat(first.exitCode()).as(first.err()).isZero();
    List<String> lines = first.out().lines().toList();
    assertThat(lines).contains("#0 [0/2] FROM busybox", "#0 cache miss: first build",
        "#2 [2/2] RUN echo building $TOKEN", "#2 building ***");
    assertThat(first.out()).doesNotContain("tok-123");
    String ref = lines.get(lines.size() - 1);
    assertThat(ref).matches("web@sha256:[0-9a-f]{64}");

    CliRunner second = remote("build", file.toString(), "--secret", "TOKEN=file:" + secret, "--progress", "jsonl");
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(second.out().lines().filter(l -> l.contains("\"kind\":\"cache-hit\""))).hasSize(3);
    assertThat(second.out().lines().reduce((a, b) -> b).orElseThrow()).contains("\"kind\":\"build-end\"", ref);

    CliRunner templates = remote("templates");
    assertThat(templates.exitCode()).isZero();
    assertThat(templates.out()).contains("web", ref);

    new ProcessBuilder("kill", "-TERM", Long.toString(serve.pid())).start().waitFor();
    assertThat(serve.waitFor(20, TimeUnit.SECONDS)).isTrue();
    StringBuilder rest = new StringBuilder();
    String line;
    while ((line = serveErr.readLine()) != null) {
      rest.append(line).append('\n');
    }
    assertThat(rest.toString()).contains("template-studio: stopped");
    assertThat(Files.readString(Path.of("/proc/mounts"))).doesNotContain(serverStore.toString());
  }

  @Test
  void failuresEndInOneSentenceAndExitCodesMatchTheEmbeddedRuntime() throws Exception {
    write("echo oops >&2; exit 3");
    CliRunner failed = remote("build", file.toString());
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.err().strip()).isEqualTo("template-studio: the build on " + url + " failed: step 2 "
        + "(RUN echo oops >&2; exit 3) failed with exit code 3: oops");

    Path wrong = Files.writeString(tmp.resolve("wrong-token"), "nope\n");
    CliRunner refused = CliRunner.run("templates", "--runtime", url, "--token-file", wrong.toString());
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).startsWith("template-studio: the server " + url + " refused the token;")
        .doesNotContain("Exception").hasLineCount(1);

    int free;
    try (ServerSocket s = new ServerSocket(0)) {
      free = s.getLocalPort();
    }
    CliRunner nowhere = CliRunner.run("build", file.toString(), "--runtime", "http://127.0.0.1:" + free,
        "--token-file", tokenFile.toString());
    assertThat(nowhere.exitCode()).isEqualTo(1);
    assertThat(nowhere.err()).isEqualTo("template-studio: cannot reach http://127.0.0.1:" + free + ": connection refused\n");

    CliRunner run = CliRunner.run("run", "web", "--runtime", url, "--token-file", tokenFile.toString(), "--", "true");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("template-studio: the server " + url + " refused the run: no template \"web\" "
        + "on this server; GET /v1/templates lists them\n");
  }

  @Test
  void runRunsTheCommandInAMachineOnTheServerAndExitsWithItsCode() throws Exception {
    write("echo built > /built");
    CliRunner built = remote("build", file.toString());
    assertThat(built.exitCode()).as(built.err()).isZero();
    CliRunner hi = CliRunner.run("run", "web", "--runtime", url, "--token-file", tokenFile.toString(), "--", "echo", "hi");
    assertThat(hi.exitCode()).as(hi.err()).isZero();
    assertThat(hi.out()).isEqualTo("hi\n");
    CliRunner failing = CliRunner.run("run", "web", "--runtime", url, "--token-file", tokenFile.toString(), "--",
        "sh", "-c", "cat /built; echo gone >&2; exit 4");
    assertThat(failing.exitCode()).isEqualTo(4);
    assertThat(failing.out()).isEqualTo("built\n");
    assertThat(failing.err()).isEqualTo("gone\n");

    Process cli = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.templatestudio.app.Launcher", "run", "web",
        "--runtime", url, "--token-file", tokenFile.toString(), "--", "sh", "-c", "echo up; exec sleep 349")
        .redirectErrorStream(true).start();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(cli.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(r.readLine()).isEqualTo("up");
      // "up" is printed before the shell execs sleep: under load the exec may come a moment later.
      for (long until = System.currentTimeMillis() + 15_000; sleepers() == 0 && System.currentTimeMillis() < until; ) {
        Thread.sleep(50);
      }
      assertThat(sleepers()).isOne();
      new ProcessBuilder("kill", "-INT", Long.toString(cli.pid())).start().waitFor();
      assertThat(cli.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
    long deadline = System.currentTimeMillis() + 15_000;
    while (sleepers() > 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    assertThat(sleepers()).as("Ctrl+C on the client stops the machine on the server").isZero();
  }

  /** The processes whose argv is "sleep 349" as the kernel has it (a step's executable is the image's busybox). */
  private static long sleepers() {
    return ProcessHandle.allProcesses().filter(p -> CtrlCRunTest.argvIs(p, "sleep", "349")).count();
  }

  @Test
  void aServerStoppedDuringABuildFailsItWithASentenceNamingTheServer() throws Exception {
    write("echo started; sleep 300");
    Process cli = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.templatestudio.app.Launcher",
        "build", file.toString(), "--runtime", url, "--token-file", tokenFile.toString()).start();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(cli.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null && !line.equals("#2 started")) {
        // Waiting for the step to run on the server.
      }
      assertThat(line).isEqualTo("#2 started");
      new ProcessBuilder("kill", "-TERM", Long.toString(serve.pid())).start().waitFor();
      StringBuilder rest = new StringBuilder();
      while ((line = r.readLine()) != null) {
        rest.append(line).append('\n');
      }
      assertThat(cli.waitFor(20, TimeUnit.SECONDS)).isTrue();
      String err = new String(cli.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(cli.exitValue()).as(rest + err).isEqualTo(1);
      assertThat(rest.toString()).matches("#2 CANCELLED \\d+\\.\\ds\n");
      assertThat(err).isEqualTo("template-studio: the build on " + url + " failed: the server stopped while the "
          + "build was running and cancelled it; build again once the server is back\n");
    }
  }

  @Test
  void ctrlCOfARemoteBuildCancelsItOnTheServerWithExit130() throws Exception {
    write("echo started; sleep 300");
    Process cli = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.templatestudio.app.Launcher",
        "build", file.toString(), "--runtime", url, "--token-file", tokenFile.toString())
        .redirectErrorStream(true).start();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(cli.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null && !line.equals("#2 started")) {
        // Waiting for the step to run on the server.
      }
      assertThat(line).isEqualTo("#2 started");
      new ProcessBuilder("kill", "-INT", Long.toString(cli.pid())).start().waitFor();
      StringBuilder rest = new StringBuilder();
      while ((line = r.readLine()) != null) {
        rest.append(line).append('\n');
      }
      assertThat(cli.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(cli.exitValue()).isEqualTo(130);
      assertThat(rest.toString()).contains("CANCELLED");
    }
  }
}
