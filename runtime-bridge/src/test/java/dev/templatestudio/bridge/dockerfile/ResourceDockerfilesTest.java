package dev.templatestudio.bridge.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.template.AptStep;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.PipStep;
import dev.templatestudio.bridge.template.Ready;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Start;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.TemplateJson;
import dev.templatestudio.bridge.template.WorkdirStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every realistic Dockerfile in src/test/resources/dockerfiles imports and round-trips. */
class ResourceDockerfilesTest {
  private static final Path DIR = Path.of("src/test/resources/dockerfiles");

  static Stream<Path> dockerfiles() throws IOException {
    return Files.list(DIR).filter(p -> p.toString().endsWith(".Dockerfile")).sorted();
  }

  @Test
  void thereAreTenOrMore() throws IOException {
    assertThat(dockerfiles().count()).isGreaterThanOrEqualTo(10);
  }

  @ParameterizedTest
  @MethodSource("dockerfiles")
  void importsWithoutErrorsAndRoundTrips(Path file) throws Exception {
    assertRoundTrips(file);
  }

  /**
   * {@code file} imports without errors, and import, render and JSON give the same template and
   * text again; returns the first import.
   */
  static ImportResult assertRoundTrips(Path file) throws Exception {
    ImportResult first = DockerfileImporter.importFile(file);
    assertThat(first.diagnostics()).as(file.toString()).noneMatch(Diagnostic::isError);
    String rendered = DockerfileRenderer.render(first.template());
    ImportResult again = DockerfileImporter.importText(rendered, "rendered");
    assertThat(again.diagnostics()).as(rendered).isEmpty();
    assertThat(again.template()).as(rendered).isEqualTo(first.template());
    assertThat(DockerfileRenderer.render(again.template())).isEqualTo(rendered);
    assertThat(TemplateJson.read(TemplateJson.write(first.template()), "json"))
        .isEqualTo(first.template());
    return first;
  }


  @Test
  void fastapiBecomesEditableSteps() throws IOException {
    Template t = DockerfileImporter.importFile(DIR.resolve("fastapi.Dockerfile")).template();
    assertThat(t.base()).isEqualTo(Base.image("python:3.12-slim"));
    assertThat(t.steps()).containsExactly(
        new AptStep(List.of("git", "curl"), true, false),
        new WorkdirStep("/app"),
        new CopyStep(List.of("requirements.txt"), "."),
        new RunStep("pip install --no-cache-dir -r requirements.txt"),
        new PipStep(List.of("fastapi", "uvicorn[standard]")),
        new CopyStep(List.of("app/"), "/app/"),
        new EnvStep(Map.of("APP_ENV", "production", "PYTHONUNBUFFERED", "1")));
    assertThat(t.start()).isEqualTo(new Start("uvicorn main:app --host 0.0.0.0 --port 8000",
        new Ready.Port(8000)));
  }

  @Test
  void crlfAndBomReadLikeAPlainFile() throws IOException {
    ImportResult r = DockerfileImporter.importFile(DIR.resolve("crlf-bom.Dockerfile"));
    assertThat(r.diagnostics()).isEmpty();
    assertThat(r.template().base()).isEqualTo(Base.image("alpine:3.20"));
    assertThat(r.template().steps()).containsExactly(new RunStep("apk add --no-cache bash"));
    assertThat(r.template().start().command()).isEqualTo("echo hi");
  }
}
