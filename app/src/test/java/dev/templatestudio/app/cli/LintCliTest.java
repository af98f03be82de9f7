package dev.templatestudio.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.templatestudio.bridge.template.TemplateJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LintCliTest {
  @TempDir
  Path dir;

  private Path write(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  @Test
  void warningsPrintOneLineEachAndExitZero() throws Exception {
    Path t = write("w.template.json", """
        {"schema": "template-studio/v1", "base": {"image": "python:3.12@sha256:%s"},
         "steps": [{"type": "run", "command": "true"},
                   {"type": "run", "command": "pip install flask"}]}
        """.formatted("a".repeat(64)));
    CliRunner r = CliRunner.run("lint", t.toString());
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo(t + ": step 2: PIP-CACHE warning: step 2 runs pip install without --no-cache-dir,"
        + " so pip's download cache stays in the image as dead weight (fix: add --no-cache-dir after pip install"
        + ", or set PIP_NO_CACHE_DIR=1 in buildEnvs)\n");
    assertThat(r.err()).isEqualTo(t + ": 1 finding\n");
  }

  @Test
  void anErrorFindingExitsOne() throws Exception {
    Path t = write("s.template.json", """
        {"schema": "template-studio/v1", "base": {"image": "rootfs:r"}, "steps": [],
         "buildEnvs": {"NPM_TOKEN": "abc"}}
        """);
    CliRunner r = CliRunner.run("lint", t.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).startsWith(t + ": buildEnvs.NPM_TOKEN: SECRET-ENV error: the build env NPM_TOKEN is named"
        + " like a secret and has a value");
    assertThat(r.err()).isEqualTo(t + ": 1 finding, 1 error\n");
  }

  @Test
  void aCleanTemplateExitsZeroWithNothingOnStdout() throws Exception {
    Path t = write("c.template.json", """
        {"schema": "template-studio/v1", "base": {"image": "rootfs:r"},
         "steps": [{"type": "run", "command": "echo hi"}]}
        """);
    CliRunner r = CliRunner.run("lint", t.toString());
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo(t + ": no findings\n");
    CliRunner json = CliRunner.run("lint", t.toString(), "--format", "json");
    assertThat(json.exitCode()).isZero();
    assertThat(json.out().strip()).isEqualTo("[ ]");
  }

  @Test
  void aDockerfileFindingNamesItsLineAndColumn() throws Exception {
    Path d = write("Dockerfile", """
        FROM ubuntu
        LABEL a=b
        RUN apt-get update && apt-get install -y --no-install-recommends git && apt-get clean
          RUN curl -fsSL https://example.com/i.sh | bash
        """);
    CliRunner r = CliRunner.run("lint", dir.toString());
    assertThat(r.exitCode()).isZero();
    assertThat(r.err()).contains(d + ":2:1: warning: LABEL is ignored");
    assertThat(r.out().lines().toList()).extracting(l -> l.substring(0, l.indexOf(" warning:"))).containsExactly(
        d + ": base: BASE-LATEST", d + ":3:1: step 1: APT-LISTS", d + ":4:3: step 2: CURL-PIPE");
  }

  @Test
  void jsonIsAnArrayWithEveryFieldOfTheDocs() throws Exception {
    Path d = write("Dockerfile", """
        # template-studio: lint-ignore BASE-LATEST
        FROM ubuntu
        ARG GITHUB_TOKEN
        RUN apt-get update && apt-get install -y git && apt-get clean
        """);
    CliRunner r = CliRunner.run("lint", d.toString(), "--format", "json");
    assertThat(r.exitCode()).isZero();
    JsonNode array = TemplateJson.mapper().readTree(r.out());
    assertThat(array.isArray()).isTrue();
    List<String> rules = new ArrayList<>();
    for (JsonNode f : array) {
      List<String> names = new ArrayList<>();
      f.fieldNames().forEachRemaining(names::add);
      assertThat(names).containsExactly("file", "line", "column", "step", "field", "rule", "severity", "message", "fix");
      assertThat(f.get("file").asText()).isEqualTo(d.toString());
      rules.add(f.get("rule").asText());
    }
    assertThat(rules).containsExactly("SECRET-ENV", "APT-RECOMMENDS", "APT-LISTS");
    JsonNode secret = array.get(0);
    assertThat(secret.get("step").isNull()).isTrue();
    assertThat(secret.get("line").isNull()).isTrue();
    assertThat(secret.get("severity").asText()).isEqualTo("warning");
    assertThat(secret.get("field").asText()).isEqualTo("buildEnvs.GITHUB_TOKEN");
    JsonNode apt = array.get(2);
    assertThat(apt.get("step").asInt()).isEqualTo(1);
    assertThat(apt.get("line").asInt()).isEqualTo(4);
    assertThat(apt.get("column").asInt()).isEqualTo(1);
    assertThat(apt.get("fix").asText()).isEqualTo("end the command with && rm -rf /var/lib/apt/lists/*");
  }

  @Test
  void badUsageAndUnloadableFilesExitTwo() throws Exception {
    assertThat(CliRunner.run("lint").exitCode()).isEqualTo(2);
    CliRunner format = CliRunner.run("lint", "x.json", "--format", "yaml");
    assertThat(format.exitCode()).isEqualTo(2);
    assertThat(format.err().strip().lines()).hasSize(1);

    CliRunner missing = CliRunner.run("lint", dir.resolve("nope.template.json").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err().strip()).isEqualTo("template-studio: no such file: " + dir.resolve("nope.template.json"));
    assertThat(missing.out()).isEmpty();

    Path broken = write("b.template.json", "{\"schema\": \"template-studio/v1\", \"base\": {\"image\": \"x\"}, \"colour\": 1}");
    CliRunner invalid = CliRunner.run("lint", broken.toString(), "--format", "json");
    assertThat(invalid.exitCode()).isEqualTo(2);
    assertThat(invalid.err()).contains("unknown field \"colour\"").doesNotContain("\tat ");
    assertThat(invalid.out()).isEmpty();

    Path notImported = write("Dockerfile", "FROM ubuntu\nFROBNICATE x\n");
    CliRunner bad = CliRunner.run("lint", notImported.toString());
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains(notImported + ":2:1: error:").contains("could not be imported");
  }

  @Test
  void theExamplesHaveNoErrors() {
    for (String example : List.of("../examples/fastapi-agent.template.json", "../examples/busybox")) {
      CliRunner r = CliRunner.run("lint", example);
      assertThat(r.exitCode()).as(example + ": " + r.out()).isZero();
      assertThat(r.out()).as(example).doesNotContain(" error: ");
    }
  }

  @Test
  void helpNamesTheFormats() {
    CliRunner r = CliRunner.run("lint", "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("Usage: template-studio lint").contains("--format").contains("text|json");
  }
}
