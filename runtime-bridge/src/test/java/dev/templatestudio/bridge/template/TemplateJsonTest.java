package dev.templatestudio.bridge.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TemplateJsonTest {

  static Stream<Step> steps() {
    return Stream.of(
        new RunStep("echo hi"), new RunStep("make", "root", true),
        new AptStep(List.of("git", "curl")), new AptStep(List.of("git"), true, true),
        new PipStep(List.of("fastapi")), new PipStep(List.of("x"), true),
        new NpmStep(List.of("typescript"), true), new NpmStep(List.of("y"), false, true),
        new CopyStep(List.of("app/"), "/app"),
        new CopyStep(List.of("a", "b"), "/d/", "app:app", "0755", true),
        new GitCloneStep("https://github.com/o/r.git", "/src"),
        new GitCloneStep("https://github.com/o/r.git", "/src", "main", 1, true),
        new EnvStep(Map.of("K", "V")), new EnvStep(Map.of("A", "1", "B", ""), true),
        new WorkdirStep("/app"), new WorkdirStep("/w", true),
        new UserStep("app"), new UserStep("app:app", true));
  }

  static Stream<Ready> readies() {
    return Stream.of(new Ready.Port(8000), new Ready.Port(8000, 30),
        new Ready.Url("http://localhost:8000/"), new Ready.Url("http://x/", 204, 5),
        new Ready.File("/tmp/ready"), new Ready.File("/tmp/r", 9),
        new Ready.Process("uvicorn"), new Ready.Process("p", 1),
        new Ready.Command("curl -f localhost"), new Ready.Command("true", 2),
        new Ready.Timeout(5), new Ready.Timeout(0, 10));
  }

  @ParameterizedTest
  @MethodSource("steps")
  void everyStepTypeRoundTrips(Step step) throws Exception {
    Template t = Template.of(Base.image("python:3.12"), List.of(step));
    String json = TemplateJson.write(t);
    assertThat(json).contains("\"type\": \"" + step.type() + "\"");
    assertThat(TemplateJson.read(json, "t.json")).isEqualTo(t);
  }

  @ParameterizedTest
  @MethodSource("readies")
  void everyReadyTypeRoundTrips(Ready ready) throws Exception {
    Template t = Template.of(Base.template("base:1"), List.of())
        .withStart(new Start("serve", ready));
    assertThat(TemplateJson.read(TemplateJson.write(t), "t.json")).isEqualTo(t);
  }

  @Test
  void wholeDocumentRoundTrips() throws Exception {
    Template t = new Template(Template.SCHEMA, "fastapi-agent", List.of("stable", "v1"),
        Base.image("python:3.12"), steps().toList(), Map.of("APP_ENV", "demo"),
        Map.of("PIP_INDEX", "https://pypi.org/simple"), List.of("NPM_TOKEN"),
        new Start(null, new Ready.Url("http://localhost/")), new Resources(2, 1024), true);
    String json = TemplateJson.write(t);
    assertThat(TemplateJson.read(json, "t.json")).isEqualTo(t);
    assertThat(TemplateJson.write(TemplateJson.read(json, "t.json"))).isEqualTo(json);
  }

  @Test
  void optionalFieldsMayBeAbsentOrNull() throws Exception {
    Template t = TemplateJson.read("""
        {"schema": "template-studio/v1", "name": null, "base": {"image": "x"},
         "steps": [{"type": "git-clone", "url": "u", "path": "/p", "branch": null},
                   {"type": "apt", "packages": ["git"]}],
         "start": {"command": "run", "ready": null}, "resources": null}
        """, "t.json");
    assertThat(t.steps()).containsExactly(new GitCloneStep("u", "/p"), new AptStep(List.of("git")));
    assertThat(t.start()).isEqualTo(new Start("run", null));
  }

  @Test
  void unknownFieldNamesItsJsonPathAndLine() {
    TemplateFormatException e = catchThrowableOfType(TemplateFormatException.class,
        () -> TemplateJson.read("""
            {
              "schema": "template-studio/v1",
              "base": {"image": "x"},
              "steps": [
                {"type": "apt", "packages": ["git"], "pakages": ["curl"]}
              ]
            }
            """, "t.json"));
    assertThat(e.line()).isEqualTo(5);
    assertThat(e.path()).isEqualTo("$.steps[0].pakages");
    assertThat(e.reason()).isEqualTo("unknown field \"pakages\"");
    assertThat(e.getMessage()).startsWith("t.json:5:");
  }

  @Test
  void missingRequiredFieldIsNamed() {
    TemplateFormatException e = catchThrowableOfType(TemplateFormatException.class,
        () -> TemplateJson.read("""
            {"schema": "template-studio/v1", "base": {"image": "x"},
             "steps": [{"type": "copy", "sources": ["a"]}]}
            """, "t.json"));
    assertThat(e.reason()).isEqualTo("missing required field \"dest\"");
    assertThat(e.path()).startsWith("$.steps[0]");
    assertThat(e.line()).isEqualTo(2);
  }

  @Test
  void missingBaseIsNamed() {
    TemplateFormatException e = catchThrowableOfType(TemplateFormatException.class,
        () -> TemplateJson.read("{\"schema\": \"template-studio/v1\", \"steps\": []}", "t.json"));
    assertThat(e.path()).isEqualTo("$.base");
    assertThat(e.reason()).contains("missing required field \"base\"");
  }

  @Test
  void unknownStepTypeIsNamed() {
    TemplateFormatException e = catchThrowableOfType(TemplateFormatException.class,
        () -> TemplateJson.read("""
            {"schema": "template-studio/v1", "base": {"image": "x"},
             "steps": [{"type": "yum", "packages": ["a"]}]}
            """, "t.json"));
    assertThat(e.reason()).isEqualTo("unknown type \"yum\"");
    assertThat(e.path()).isEqualTo("$.steps[0]");
  }

  @Test
  void numbersAndBooleansAreNotCoerced() {
    for (String port : List.of("80.5", "\"80\"")) {
      TemplateFormatException e = catchThrowableOfType(TemplateFormatException.class,
          () -> TemplateJson.read("{\"schema\": \"template-studio/v1\", \"base\": {\"image\": \"x\"},"
              + " \"start\": {\"ready\": {\"type\": \"port\", \"port\": " + port + "}}}", "t.json"));
      assertThat(e).as(port).isNotNull();
      assertThat(e.path()).isEqualTo("$.start.ready.port");
      assertThat(e.reason()).isEqualTo("expected a whole number here");
    }
    TemplateFormatException b = catchThrowableOfType(TemplateFormatException.class,
        () -> TemplateJson.read("{\"schema\": \"template-studio/v1\", \"base\": {\"image\": \"x\"},"
            + " \"force\": \"true\"}", "t.json"));
    assertThat(b).isNotNull();
    assertThat(b.path()).isEqualTo("$.force");
  }

  @Test
  void aFileThatIsNotUtf8IsAFormatErrorAtTheLineOfTheBadByte(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws Exception {
    java.nio.file.Path file = dir.resolve("t.template.json");
    byte[] head = "{\"schema\": \"template-studio/v1\",\n \"name\": \"".getBytes(
        java.nio.charset.StandardCharsets.UTF_8);
    byte[] bytes = java.util.Arrays.copyOf(head, head.length + 3);
    bytes[head.length] = (byte) 0xff;
    bytes[head.length + 1] = '"';
    bytes[head.length + 2] = '}';
    java.nio.file.Files.write(file, bytes);

    TemplateFormatException e = catchThrowableOfType(TemplateFormatException.class,
        () -> TemplateJson.read(file));
    assertThat(e).isNotNull();
    assertThat(e.line()).isEqualTo(2);
    assertThat(e.column()).isEqualTo(11);
    assertThat(e.reason()).contains("not UTF-8").contains("0xff");
  }
}
