package dev.templatestudio.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.templatestudio.bridge.docker.DockerEngineFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code build --runtime docker} and {@code templates --runtime docker} end to end, on a real dockerd. */
class DockerCliTest {
  @TempDir Path tmp;
  Path file;
  String runtime;

  record Result(int code, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    runtime = "docker:" + DockerEngineFixture.engine().url();
    Path ctx = Files.createDirectories(tmp.resolve("web"));
    Files.writeString(ctx.resolve("hello.txt"), "hello\n");
    file = ctx.resolve("web.template.json");
    write("cat /srv/hello.txt # " + UUID.randomUUID());
  }

  private void write(String command) throws Exception {
    Files.writeString(file, """
        {"schema": "template-studio/v1", "base": {"image": "%s"},
         "steps": [
           {"type": "copy", "sources": ["hello.txt"], "dest": "/srv/"},
           {"type": "run", "command": "%s"}
         ]}
        """.formatted(DockerEngineFixture.BASE, command));
  }

  private Result cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = TemplateStudioCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void buildsOnDockerThenFromItsCacheAndListsTheTemplate() throws Exception {
    String store = tmp.resolve("store").toString();
    Result first = cli("build", file.toString(), "--runtime", runtime, "--store", store, "--tag", "v1");
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.lines()).contains("#0 [0/2] FROM " + DockerEngineFixture.BASE, "#0 CACHED", "#2 hello");
    String ref = first.lines().get(first.lines().size() - 1);
    assertThat(ref).matches("web@sha256:[0-9a-f]{64}");

    Result second = cli("build", file.toString(), "--runtime", runtime, "--store", store, "--tag", "v1",
        "--progress", "jsonl");
    assertThat(second.code()).as(second.err()).isZero();
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> events = new ArrayList<>();
    for (String line : second.lines()) {
      events.add(json.readTree(line));
    }
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).get("seq").asLong()).isEqualTo(i + 1);
    }
    assertThat(events).filteredOn(e -> e.get("kind").asText().equals("cache-hit")).hasSize(3);
    JsonNode end = events.get(events.size() - 1);
    assertThat(end.get("status").asText()).isEqualTo("ready");
    assertThat(end.get("ref").asText()).isEqualTo(ref);

    Result templates = cli("templates", "--runtime", runtime, "--store", store);
    assertThat(templates.code()).as(templates.err()).isZero();
    assertThat(templates.out()).contains("web", "v1", ref);
  }

  @Test
  void aFailedDockerBuildExitsOneWithASentence() throws Exception {
    write("echo oops; exit 2");
    Result r = cli("build", file.toString(), "--runtime", runtime, "--store", tmp.resolve("store").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip()).isEqualTo("template-studio: the build failed: step 2 (RUN echo oops; exit 2) "
        + "failed with exit code 2: oops");
  }
}
