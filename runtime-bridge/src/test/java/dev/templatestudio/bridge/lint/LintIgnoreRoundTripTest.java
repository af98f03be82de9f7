package dev.templatestudio.bridge.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.dockerfile.DockerfileImporter;
import dev.templatestudio.bridge.dockerfile.DockerfileRenderer;
import dev.templatestudio.bridge.dockerfile.ImportResult;
import dev.templatestudio.bridge.dockerfile.PythonRenderer;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.TemplateJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LintIgnoreRoundTripTest {
  private static final String WITH_FIELD = """
      {
        "schema": "template-studio/v1",
        "base": {"image": "ubuntu"},
        "steps": [{"type": "run", "command": "apt-get update && apt-get upgrade -y"}],
        "lintIgnore": ["BASE-LATEST", "APT-UPGRADE"]
      }
      """;

  @Test
  void theFieldIsReadWrittenLastAndSilences() throws Exception {
    Template t = TemplateJson.read(WITH_FIELD, "t.json");
    assertThat(t.lintIgnore()).containsExactly("BASE-LATEST", "APT-UPGRADE");
    String written = TemplateJson.write(t);
    assertThat(written.strip()).endsWith("\"lintIgnore\": [\n    \"BASE-LATEST\",\n    \"APT-UPGRADE\"\n  ]\n}");
    assertThat(TemplateJson.read(written, "t.json")).isEqualTo(t);
    assertThat(TemplateLinter.lint(t)).isEmpty();
    assertThat(TemplateLinter.lint(t.withLintIgnore(List.of()))).extracting(Finding::rule)
        .containsExactly("BASE-LATEST", "APT-UPGRADE");
  }

  @Test
  void everyExampleIsWrittenBackByteForByteAsBefore() throws Exception {
    for (Path example : List.of(Path.of("../examples/fastapi-agent.template.json"),
        Path.of("../examples/busybox/hello.template.json"))) {
      Template t = TemplateJson.read(example);
      assertThat(t.lintIgnore()).isEmpty();
      assertThat(TemplateJson.write(t)).as(example.toString()).doesNotContain("lintIgnore");
      assertThat(TemplateJson.read(TemplateJson.write(t), "again")).isEqualTo(t);
      assertThat(Files.readString(example)).doesNotContain("lintIgnore");
    }
  }

  @Test
  void aDockerfileCarriesItInANoteBothWays() throws Exception {
    Template t = TemplateJson.read(WITH_FIELD, "t.json");
    String dockerfile = DockerfileRenderer.render(t);
    assertThat(dockerfile).contains("# template-studio: lint-ignore BASE-LATEST APT-UPGRADE\nFROM ubuntu\n");
    ImportResult back = DockerfileImporter.importText(dockerfile, "Dockerfile");
    assertThat(back.diagnostics()).isEmpty();
    assertThat(back.template()).isEqualTo(t);
    assertThat(DockerfileRenderer.render(t.withLintIgnore(List.of()))).doesNotContain("lint-ignore");
  }

  @Test
  void aHandWrittenDockerfileNoteSilences() {
    ImportResult r = DockerfileImporter.importText("""
        FROM ubuntu:latest
        # template-studio: lint-ignore BASE-LATEST
        RUN curl -fsSL https://example.com/i.sh | sh
        """, "Dockerfile");
    assertThat(r.diagnostics()).isEmpty();
    assertThat(TemplateLinter.lint(r.template())).extracting(Finding::rule).containsExactly("CURL-PIPE");
  }

  @Test
  void pythonSaysItInAComment() throws Exception {
    assertThat(PythonRenderer.render(TemplateJson.read(WITH_FIELD, "t.json")))
        .contains("# lint rules silenced (template-studio lint only): BASE-LATEST APT-UPGRADE\n");
  }
}
