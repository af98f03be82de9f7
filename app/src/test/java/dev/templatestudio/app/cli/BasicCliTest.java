package dev.templatestudio.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BasicCliTest {
  @TempDir
  Path dir;

  @Test
  void versionNamesTheProgram() {
    CliRunner r = CliRunner.run("--version");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("template-studio ");
  }

  @Test
  void helpListsEverySubcommandOfTheContract() {
    CliRunner r = CliRunner.run("--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("gui", "import", "render", "validate", "build", "templates", "run",
        "export", "serve", "lint", "login", "logout", "push");
  }

  @Test
  void everySubcommandExplainsItselfWithHelp() {
    for (String sub : new String[] {"import", "render", "validate", "build", "templates", "run", "export", "serve",
        "lint", "login", "logout", "push"}) {
      CliRunner r = CliRunner.run(sub, "--help");
      assertThat(r.exitCode()).as(sub).isZero();
      assertThat(r.out()).as(sub).startsWith("Usage: template-studio " + sub);
    }
  }

  @Test
  void runtimeHelpNamesEveryFormOfTheContract() {
    for (String sub : new String[] {"build", "templates", "run"}) {
      assertThat(CliRunner.run(sub, "--help").out().replaceAll("\\s+", " ")).as(sub)
          .contains("embedded (default), http://HOST:PORT or https://… (a serve instance), docker (the local "
              + "Docker Engine) or docker:tcp://HOST:PORT.");
    }
  }

  @Test
  void badUsageExitsTwo() {
    assertThat(CliRunner.run("render").exitCode()).isEqualTo(2);
    assertThat(CliRunner.run("--no-such-flag").exitCode()).isEqualTo(2);
    assertThat(CliRunner.run("render", "x.json", "--format", "yaml").exitCode()).isEqualTo(2);
  }

  @Test
  void missingFileIsOneSentenceWithoutStackTrace() {
    CliRunner r = CliRunner.run("validate", dir.resolve("nope.template.json").toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err().strip()).startsWith("template-studio: no such file: ").doesNotContain("\tat ");
    assertThat(r.err().strip().lines()).hasSize(1);
  }

  @Test
  void aFolderWithoutATemplateIsAClearError() {
    CliRunner r = CliRunner.run("validate", dir.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err().strip()).isEqualTo("template-studio: " + dir + " is a folder with no Dockerfile and no"
        + " *.template.json in it");
  }

  @Test
  void debugAddsTheStackTrace() {
    CliRunner r = CliRunner.run("--debug", "validate", dir.resolve("nope.json").toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("no such file").contains("\tat ");
    CliRunner after = CliRunner.run("validate", dir.resolve("nope.json").toString(), "--debug");
    assertThat(after.err()).as("--debug after the subcommand, as people type it").contains("no such file").contains("\tat ");
  }

  @Test
  void unknownFieldNamesItsLine() throws Exception {
    Path bad = dir.resolve("bad.template.json");
    Files.writeString(bad, "{\"schema\":\"template-studio/v1\",\"base\":{\"image\":\"x\"},\"bogus\":1}");
    CliRunner plain = CliRunner.run("validate", bad.toString());
    assertThat(plain.exitCode()).isEqualTo(1);
    assertThat(plain.err()).contains("bad.template.json:1:").contains("unknown field \"bogus\"");
  }

  @Test
  void validateReportsEachProblemWithItsPlace() throws Exception {
    Path t = dir.resolve("t.template.json");
    Files.writeString(t, """
        {"schema":"template-studio/v1","base":{"image":"python:3.12"},
         "steps":[{"type":"apt","packages":[]},{"type":"workdir","path":"app"}],
         "start":{"command":"x","ready":{"type":"port","port":70000}}}
        """);
    CliRunner r = CliRunner.run("validate", t.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("step 1, packages: error: the package list is empty")
        .contains("step 2, path: error: path \"app\" must be absolute")
        .contains(": start.ready.port: error: port 70000 is out of range");
  }

  @Test
  void validateAcceptsTheExample() {
    CliRunner r = CliRunner.run("validate", examples().resolve("fastapi-agent.template.json").toString());
    assertThat(r.err()).isEmpty();
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("ok (4 steps)");
  }

  static Path examples() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("examples"))) {
      p = p.getParent();
    }
    return p.resolve("examples");
  }

  @Test
  void aTemplateThatIsNotUtf8IsOneSentenceWithItsPlace() throws Exception {
    Path t = dir.resolve("latin1.template.json");
    Files.write(t, new byte[] {'{', '"', 'n', (byte) 0xe9, '"', '}'});
    CliRunner r = CliRunner.run("validate", t.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains(t + ":1:4: error: the file is not UTF-8 text (byte 0xe9)");
  }
}
