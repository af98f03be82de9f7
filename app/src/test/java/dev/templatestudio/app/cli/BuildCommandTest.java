package dev.templatestudio.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.templatestudio.bridge.embedded.bench.BusyboxImage;
import dev.templatestudio.bridge.embedded.store.Store;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code build}, {@code templates} and {@code run} on the command line, building for real. */
class BuildCommandTest {
  @TempDir Path tmp;
  Path store;
  Path file;

  record Result(int code, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    dev.templatestudio.bridge.embedded.BusyboxFixture.require();
    dev.templatestudio.bridge.embedded.layer.HostRequirements.requireRoot("the sandbox mounts overlayfs");
    store = tmp.resolve("store");
    BusyboxImage.seed(Store.open(store), tmp);
    Path ctx = Files.createDirectories(tmp.resolve("web"));
    Files.writeString(ctx.resolve("hello.txt"), "hello\n");
    file = ctx.resolve("web.template.json");
    write("echo building $TOKEN");
  }

  private void write(String command) throws Exception {
    Files.writeString(file, """
        {"schema": "template-studio/v1", "base": {"template": "busybox"},
         "secrets": ["TOKEN"],
         "runtimeEnvs": {"APP_ENV": "demo"},
         "steps": [
           {"type": "copy", "sources": ["hello.txt"], "dest": "/srv/"},
           {"type": "run", "command": "%s"}
         ]}
        """.formatted(command));
  }

  private Result cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = TemplateStudioCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void buildsRebuildsFromCacheAndNamesTheRefLast() throws Exception {
    Files.writeString(tmp.resolve("token"), "tok-123\n");
    Result first = cli("build", file.toString(), "--store", store.toString(), "--secret", "TOKEN=file:" + tmp.resolve("token"));
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.lines()).contains("#0 [0/2] FROM busybox", "#0 cache miss: first build",
        "#2 [2/2] RUN echo building $TOKEN", "#2 building ***");
    assertThat(first.out()).doesNotContain("tok-123").containsPattern("#2 DONE \\d+\\.\\ds");
    String ref = first.lines().get(first.lines().size() - 1);
    assertThat(ref).matches("web@sha256:[0-9a-f]{64}");

    Result second = cli("build", file.toString(), "--store", store.toString(), "--secret", "TOKEN=file:" + tmp.resolve("token"));
    assertThat(second.code()).isZero();
    assertThat(second.lines()).contains("#0 CACHED", "#1 CACHED", "#2 CACHED")
        .noneMatch(line -> line.matches("#\\d+ DONE .*"));
    assertThat(second.lines().get(second.lines().size() - 1)).isEqualTo(ref);

    Result templates = cli("templates", "--store", store.toString());
    assertThat(templates.out()).contains("web", ref);

    Result run = cli("run", "web", "--store", store.toString(), "--", "/bin/sh", "-c", "cat /srv/hello.txt; echo $APP_ENV; exit 5");
    assertThat(run.code()).isEqualTo(5);
    assertThat(run.lines()).containsExactly("hello", "demo");
  }

  @Test
  void aSecretMountsIdTakesASecretAsDockerBuildDoes() throws Exception {
    Files.writeString(tmp.resolve("token"), "tok-456");
    Path mounted = file.resolveSibling("mounted.template.json");
    Files.writeString(mounted, """
        {"schema": "template-studio/v1", "base": {"template": "busybox"},
         "steps": [{"type": "run", "command": "echo mounted $(cat /run/secrets/NPM_TOKEN)",
                    "mounts": [{"type": "secret", "id": "NPM_TOKEN", "required": true}]}]}
        """);
    Result r = cli("build", mounted.toString(), "--store", store.toString(), "--secret",
        "NPM_TOKEN=file:" + tmp.resolve("token"));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.lines()).contains("#1 mounted ***");
    assertThat(r.out()).doesNotContain("tok-456");
    Result typo = cli("build", mounted.toString(), "--store", store.toString(), "--secret", "NPM_TOKN=env:HOME");
    assertThat(typo.code()).isEqualTo(2);
    assertThat(typo.err()).contains("the template has no secret NPM_TOKN; it declares NPM_TOKEN");
  }

  @Test
  void jsonlProgressIsOneEventPerLineWithGaplessSeq() throws Exception {
    Result r = cli("build", file.toString(), "--store", store.toString(), "--progress", "jsonl", "--name", "jsonl-web");
    assertThat(r.code()).as(r.err()).isZero();
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> events = new ArrayList<>();
    for (String line : r.lines()) {
      events.add(json.readTree(line));
    }
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).get("seq").asLong()).isEqualTo(i + 1);
    }
    JsonNode end = events.get(events.size() - 1);
    assertThat(end.get("kind").asText()).isEqualTo("build-end");
    assertThat(end.get("status").asText()).isEqualTo("ready");
    assertThat(end.get("ref").asText()).startsWith("jsonl-web@sha256:");
  }

  @Test
  void aFailedBuildExitsOneWithASentenceOnStderr() throws Exception {
    write("echo oops >&2; exit 3");
    Result r = cli("build", file.toString(), "--store", store.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip()).isEqualTo("template-studio: the build failed: step 2 (RUN echo oops >&2; exit 3) "
        + "failed with exit code 3: oops");
    assertThat(r.out()).contains("#2 oops").containsPattern("#2 ERROR \\d+\\.\\ds\n$")
        .doesNotContain("failed with exit code");

    Result badSecret = cli("build", file.toString(), "--store", store.toString(), "--secret", "TOKEN=env:NO_SUCH_VAR_42");
    assertThat(badSecret.code()).isEqualTo(1);
    assertThat(badSecret.err()).isEqualTo("template-studio: --secret TOKEN=env:NO_SUCH_VAR_42: the environment variable NO_SUCH_VAR_42 is not set\n");

    Result unreachable = cli("build", file.toString(), "--store", store.toString(), "--runtime", "docker:unix:///run/no-such-docker.sock");
    assertThat(unreachable.code()).isEqualTo(1);
    assertThat(unreachable.err()).startsWith("template-studio: cannot reach the Docker Engine at unix:///run/no-such-docker.sock: ")
        .hasLineCount(1);
  }

  @Test
  void aFailedBuildNamesTheSecretItsStepWasNotGiven() throws Exception {
    write("[ -n \\\"$TOKEN\\\" ]");
    Result r = cli("build", file.toString(), "--store", store.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("template-studio: the build failed: step 2 (RUN [ -n \"$TOKEN\" ]) failed with exit "
        + "code 1; the secret TOKEN had no value (give it with --secret TOKEN)\n");
  }

  @Test
  void ctrlCCancelsCleanlyWithExit130AndSigkillLeavesAUsableStore() throws Exception {
    String marker = "m-" + UUID.randomUUID();
    write("echo started; sleep 300 # " + marker);
    for (String signal : List.of("INT", "KILL")) {
      Process cli = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), "dev.templatestudio.app.Launcher",
          "build", file.toString(), "--store", store.toString()).redirectErrorStream(true).start();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(cli.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null && !line.equals("#2 started")) {
          // Waiting for the step to run.
        }
        assertThat(line).isEqualTo("#2 started");
        new ProcessBuilder("kill", "-" + signal, Long.toString(cli.pid())).start().waitFor();
        StringBuilder rest = new StringBuilder();
        while ((line = r.readLine()) != null) {
          rest.append(line).append('\n');
        }
        assertThat(cli.waitFor(10, TimeUnit.SECONDS)).isTrue();
        if (signal.equals("INT")) {
          assertThat(cli.exitValue()).isEqualTo(130);
          assertThat(rest.toString()).contains("CANCELLED");
        }
      }
      long deadline = System.currentTimeMillis() + 2000;
      while (System.currentTimeMillis() < deadline
          && dev.templatestudio.bridge.testing.ProcessArgs.anyContains(marker)) {
        Thread.sleep(20);
      }
      assertThat(dev.templatestudio.bridge.testing.ProcessArgs.all().stream()
          .filter(c -> c.contains(marker)).toList()).isEmpty();
      assertThat(Files.readString(Path.of("/proc/mounts"))).doesNotContain(store.toString());
    }
    write("echo done");
    Result after = cli("build", file.toString(), "--store", store.toString());
    assertThat(after.code()).as(after.out()).isZero();
    assertThat(after.lines()).contains("#1 CACHED");
  }

  @Test
  void aFolderBuildsItsDockerfileUnderTheFoldersName() throws Exception {
    Result rendered = cli("render", file.toString(), "--format", "dockerfile");
    assertThat(rendered.code()).as(rendered.err()).isZero();
    Path folder = Files.createDirectories(tmp.resolve("My Site"));
    Files.writeString(folder.resolve("hello.txt"), "hello\n");
    Files.writeString(folder.resolve("Dockerfile"), rendered.out().replace("echo building $TOKEN", "echo built"));
    Result built = cli("build", folder.toString(), "--store", store.toString());
    assertThat(built.code()).as(built.err() + built.out()).isZero();
    assertThat(built.lines().get(built.lines().size() - 1)).as("named after the folder, as the studio names it")
        .matches("my-site@sha256:[0-9a-f]{64}");
  }
}
