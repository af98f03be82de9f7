package dev.templatestudio.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.TemplateJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportRenderCliTest {
  @TempDir
  Path dir;

  private Path write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  @Test
  void importPrintsTheTemplateOnStdoutAndWarningsOnStderr() throws Exception {
    Path df = write("Dockerfile", "FROM python:3.12\nLABEL a=b\nRUN pip install fastapi\n");
    CliRunner r = CliRunner.run("import", df.toString());
    assertThat(r.exitCode()).isZero();
    assertThat(r.err().strip()).isEqualTo(df + ":2:1: warning: LABEL is ignored: a template has no place for it");
    Template t = TemplateJson.read(r.out(), "stdout");
    assertThat(t.base().image()).isEqualTo("python:3.12");
    assertThat(t.steps()).hasSize(1);
  }

  @Test
  void importErrorsExitOneWithFileLineColumn() throws Exception {
    Path df = write("Dockerfile", "FROM a\nFROBNICATE x\n");
    CliRunner r = CliRunner.run("import", df.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains(df + ":2:1: error: unknown instruction FROBNICATE");
  }

  @Test
  void importFailsOnWhatValidateWouldReject() throws Exception {
    Path df = write("Dockerfile", "FROM a\nCOPY ../secret /x\nCOPY --chmod=u+x a /x\nUSER \"a b\"\n");
    CliRunner r = CliRunner.run("import", df.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains(df + ":2:1: error: source \"../secret\" is outside the build context",
        df + ":3:1: error: mode \"u+x\"", df + ":4:1: error: \"a b\" is not a user");
  }

  @Test
  void aDockerfileThatIsNotUtf8IsImportedAsLatin1WithAWarningAtItsPlace() throws Exception {
    Path df = dir.resolve("Dockerfile");
    Files.write(df, "FROM alpine\nRUN echo caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    CliRunner r = CliRunner.run("import", df.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err().strip()).isEqualTo(df + ":2:13: warning: not UTF-8 text (byte 0xe9 here): the file was read as"
        + " Latin-1 (ISO-8859-1), one character per byte; save it as UTF-8 if other characters were meant");
    assertThat(TemplateJson.read(r.out(), "out").steps().get(0)).isEqualTo(new dev.templatestudio.bridge.template.RunStep("echo caf\u00e9"));
  }

  @Test
  void aFolderStandsForItsDockerfile() throws Exception {
    Path app = Files.createDirectories(dir.resolve("app"));
    Files.writeString(app.resolve("Dockerfile"), "FROM alpine:3.20\nLABEL a=b\n");
    CliRunner r = CliRunner.run("import", app.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).startsWith(app.resolve("Dockerfile") + ":2:1: warning: LABEL");
    assertThat(TemplateJson.read(r.out(), "out").base().image()).isEqualTo("alpine:3.20");
    Path empty = Files.createDirectories(dir.resolve("empty"));
    CliRunner none = CliRunner.run("validate", empty.toString());
    assertThat(none.exitCode()).isEqualTo(1);
    assertThat(none.err().strip())
        .isEqualTo("template-studio: " + empty + " is a folder with no Dockerfile and no *.template.json in it");
  }

  @Test
  void importToAFolderIsOneSentence() throws Exception {
    Path df = write("Dockerfile", "FROM alpine\n");
    Path folder = Files.createDirectories(dir.resolve("folder"));
    CliRunner r = CliRunner.run("import", df.toString(), "-o", folder.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err().strip()).isEqualTo("template-studio: " + folder + " is a folder, not a file");
    assertThat(folder).isEmptyDirectory();
  }

  @Test
  void importWritesOutAtomicallyAndNothingOnError() throws Exception {
    Path df = write("Dockerfile", "FROM alpine:3.20\nRUN echo hi\n");
    Path out = dir.resolve("out/t.template.json");
    CliRunner missing = CliRunner.run("import", df.toString(), "-o", out.toString());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err().strip()).isEqualTo("template-studio: cannot write " + out + ": folder "
        + dir.resolve("out") + " does not exist");
    assertThat(dir.resolve("out")).doesNotExist();
    Files.createDirectories(dir.resolve("out"));
    CliRunner ok = CliRunner.run("import", df.toString(), "-o", out.toString());
    assertThat(ok.exitCode()).isZero();
    assertThat(ok.out()).isEmpty();
    assertThat(TemplateJson.read(out).base().image()).isEqualTo("alpine:3.20");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-r--r--");
    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-rw----"));
    assertThat(CliRunner.run("import", df.toString(), "-o", out.toString()).exitCode()).isZero();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-rw----");

    Path bad = write("Bad", "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n");
    Path out2 = dir.resolve("t2.template.json");
    assertThat(CliRunner.run("import", bad.toString(), "-o", out2.toString()).exitCode()).isEqualTo(1);
    assertThat(out2).doesNotExist();
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  @Test
  void binaryFileIsADiagnosticNotACrash() throws Exception {
    Path bin = dir.resolve("blob");
    Files.write(bin, new byte[] {0x7f, 'E', 'L', 'F', 0, 1, 2, (byte) 0xff, '\n'});
    CliRunner r = CliRunner.run("import", bin.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith(bin + ":1:1: error:").doesNotContain("Exception");
  }

  @Test
  void renderedDockerfileImportsBackToTheSameTemplate() throws Exception {
    Path example = BasicCliTest.examples().resolve("fastapi-agent.template.json");
    CliRunner rendered = CliRunner.run("render", example.toString(), "--format", "dockerfile");
    assertThat(rendered.exitCode()).isZero();
    Path df = write("Dockerfile", rendered.out());
    CliRunner back = CliRunner.run("import", df.toString());
    assertThat(back.exitCode()).isZero();
    assertThat(TemplateJson.read(back.out(), "back")).isEqualTo(TemplateJson.read(example));
  }

  @Test
  void renderJsonIsTheDocumentAndPythonIsTheBuilder() throws Exception {
    Path example = BasicCliTest.examples().resolve("fastapi-agent.template.json");
    CliRunner json = CliRunner.run("render", example.toString(), "--format", "json");
    assertThat(TemplateJson.read(json.out(), "json")).isEqualTo(TemplateJson.read(example));
    CliRunner py = CliRunner.run("render", example.toString(), "--format", "python");
    assertThat(py.exitCode()).isZero();
    assertThat(py.out()).contains(".from_python_image(\"3.12\")", ".apt_install([\"git\", \"curl\"])",
        ".pip_install([\"fastapi\", \"uvicorn\"])", ".set_runtime_envs({\"APP_ENV\": \"demo\"})",
        "Template.build(builder, name=\"fastapi-agent\", tags=[\"stable\"], on_log_entry=default_build_logger())");
  }

  @Test
  void renderAcceptsADockerfileToo() throws Exception {
    Path df = write("Dockerfile", "FROM python:3.12\nRUN pip install flask\n");
    CliRunner r = CliRunner.run("render", df.toString(), "--format", "python");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains(".pip_install([\"flask\"])");
  }

  @Test
  void renderOfABrokenTemplateNamesThePlace() throws Exception {
    Path t = write("t.template.json", "{\"schema\":\"template-studio/v1\",\"base\":{\"image\":\"x\"},\n"
        + " \"steps\":[{\"type\":\"apt\"}]}");
    CliRunner r = CliRunner.run("render", t.toString(), "--format", "dockerfile");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains(t + ":2:").contains("missing required field \"packages\"");
  }
}
