package dev.templatestudio.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad usage of every command ends in exit 2 and one sentence on stderr that names the problem
 * and where to read more (CONTRACT.md §2), not picocli's usage block.
 */
class UsageErrorCliTest {

  static Stream<Arguments> mistakes() {
    return Stream.of(
        Arguments.of("import", "template-studio import: missing DOCKERFILE"),
        Arguments.of("import Dockerfile -o", "template-studio import: --output needs a value (OUT.json)"),
        Arguments.of("render t.template.json", "template-studio render: missing --format dockerfile|json|python"),
        Arguments.of("render t.template.json --format yaml", "template-studio render: invalid value for option "
            + "'--format': expected one of [dockerfile, json, python] (case-sensitive) but was 'yaml'"),
        Arguments.of("render t.template.json --format python --python-import sdk", "template-studio render: invalid "
            + "value for option '--python-import': expected one of [e2b, template_studio] (case-sensitive) but was 'sdk'"),
        Arguments.of("validate", "template-studio validate: missing FILE"),
        Arguments.of("validate a b", "template-studio validate: unexpected argument b"),
        Arguments.of("build", "template-studio build: missing FILE"),
        Arguments.of("build t.template.json --progress", "template-studio build: --progress needs a value (plain|jsonl)"),
        Arguments.of("templates --stor x", "template-studio templates: unknown option --stor (did you mean --store?)"),
        Arguments.of("run", "template-studio run: missing REF and COMMAND"),
        Arguments.of("run web", "template-studio run: missing COMMAND"),
        Arguments.of("export hello", "template-studio export: missing one of --oci DIR, --rootfs-tar FILE or --ext4 FILE"),
        Arguments.of("export hello --oci a --ext4 b",
            "template-studio export: --oci=DIR, --ext4=FILE are mutually exclusive (specify only one)"),
        Arguments.of("serve --port x", "template-studio serve: invalid value for option '--port': 'x' is not an int"),
        Arguments.of("gui a b", "template-studio gui: unexpected argument b"),
        Arguments.of("--no-such-flag", "template-studio: unknown option --no-such-flag"),
        Arguments.of("nonsense", "template-studio: unknown command nonsense (did you mean serve or render?)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void badUsageIsOneSentenceAndExitTwo(String args, String problem) {
    CliRunner r = CliRunner.run(args.split(" "));
    String command = problem.substring(0, problem.indexOf(':'));
    assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).isEqualTo(problem + "; see " + command + " --help\n");
    assertThat(r.out()).isEmpty();
  }
}
