package dev.templatestudio.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code build} options that can never publish are bad usage (exit 2), refused in one sentence
 * naming the option and its value before any runtime is reached or anything is printed. The
 * runtimes here cannot be reached, so only a check made up front passes.
 */
class BuildUsageCliTest {
  private static final List<String> RUNTIMES = List.of("embedded", "http://127.0.0.1:1", "docker:tcp://127.0.0.1:1");
  @TempDir Path tmp;
  Path file;
  Path token;

  @BeforeEach
  void template() throws Exception {
    file = Files.writeString(tmp.resolve("web.template.json"), """
        {"schema": "template-studio/v1", "name": "web", "base": {"image": "busybox"},
         "steps": [{"type": "run", "command": "true"}]}
        """);
    token = Files.writeString(tmp.resolve("token"), "t0ken\n");
  }

  private CliRunner build(String runtime, String... options) {
    List<String> args = new java.util.ArrayList<>(List.of("build", file.toString(), "--runtime", runtime,
        "--token-file", token.toString(), "--store", tmp.resolve("store").toString()));
    args.addAll(List.of(options));
    return CliRunner.run(args.toArray(String[]::new));
  }

  private static void assertBadUsage(CliRunner r, String sentence) {
    assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("template-studio: " + sentence + "\n");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void aTagThatCannotBeATagIsBadUsageOnEveryRuntime() {
    for (String runtime : RUNTIMES) {
      assertBadUsage(build(runtime, "--tag", "v1", "--tag", "bad tag"),
          "--tag \"bad tag\" is not a valid tag: use letters, digits and . _ -, starting with a letter, digit or _ "
              + "(at most 128)");
    }
  }

  @Test
  void aNameThatCannotBeATemplateNameIsBadUsageOnEveryRuntime() {
    for (String runtime : RUNTIMES) {
      assertBadUsage(build(runtime, "--name", "Web App"), "--name \"Web App\" is not a valid template name: "
          + "use lowercase letters and digits, with single . _ or - between them (like an image name, at most 128)");
    }
  }
}
