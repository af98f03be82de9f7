package dev.templatestudio.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's import, render, validate and doctor examples print what the commands print:
 * each example is run and compared with the lines the README shows after it (the build, run,
 * export and serve walkthrough runs through the launcher in {@code ReadmeCommandsIT}).
 */
class ReadmeExamplesTest {
  private static List<String> readme;
  @TempDir Path tmp;

  @BeforeAll
  static void read() throws Exception {
    readme = Files.readAllLines(Path.of("../README.md"));
  }

  /** The indented lines after the README line {@code "    $ " + command}, up to the next command or paragraph. */
  private static String shownAfter(String command) {
    int at = readme.indexOf("    $ " + command);
    assertThat(at).as("README shows $ %s", command).isNotNegative();
    List<String> lines = new ArrayList<>();
    for (int i = at + 1; i < readme.size(); i++) {
      String line = readme.get(i);
      if (line.startsWith("    $ ") || (!line.isBlank() && !line.startsWith("    "))) {
        break;
      }
      lines.add(line.isBlank() ? "" : line.substring(4));
    }
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return String.join("\n", lines) + "\n";
  }

  private String relative(String output) {
    return output.replace(tmp + "/", "");
  }

  @Test
  void importAndRenderPrintWhatTheReadmeShows() throws Exception {
    Path dockerfile = Files.writeString(tmp.resolve("Dockerfile"), shownAfter("cat Dockerfile"));
    Path json = tmp.resolve("fastapi.template.json");
    CliRunner imported = CliRunner.run("import", dockerfile.toString(), "-o", json.toString());
    assertThat(imported.exitCode()).isZero();
    assertThat(relative(imported.err())).isEqualTo(shownAfter("./template-studio import Dockerfile -o fastapi.template.json"));
    CliRunner rendered = CliRunner.run("render", json.toString(), "--format", "python");
    assertThat(rendered.out()).isEqualTo(shownAfter("./template-studio render fastapi.template.json --format python"));
  }

  @Test
  void validatePrintsWhatTheReadmeShows() throws Exception {
    Path broken = Files.writeString(tmp.resolve("broken.template.json"), """
        {"schema": "template-studio/v1", "base": {"image": "alpine"},
         "steps": [{"type": "apt", "packages": []}, {"type": "workdir", "path": "app"}]}
        """);
    CliRunner r = CliRunner.run("validate", broken.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(relative(r.out() + r.err())).isEqualTo(shownAfter("./template-studio validate broken.template.json"));
  }

  @Test
  void lintPrintsWhatTheReadmeShows() {
    CliRunner r = CliRunner.run("lint", "../examples/fastapi-agent.template.json");
    assertThat(r.exitCode()).isZero();
    assertThat((r.out() + r.err()).replace("../examples/", "examples/"))
        .isEqualTo(shownAfter("./template-studio lint examples/fastapi-agent.template.json"));
  }

  /** doctor on the machine the README names: a fresh Debian 12 server (Linux 6.1, cgroups v2), as root. */
  @Test
  void doctorPrintsWhatTheReadmeShowsForAFreshDebian() throws Exception {
    dev.templatestudio.bridge.host.FakeMachine debian = new dev.templatestudio.bridge.host.FakeMachine(tmp)
        .file("/proc/sys/kernel/osrelease", "6.1.0-28-amd64");
    java.io.StringWriter out = new java.io.StringWriter();
    int exit = DoctorCommand.report(debian.facts(), new java.io.PrintWriter(out));
    assertThat(exit).isEqualTo(1);
    assertThat(out.toString()).isEqualTo(shownAfter("./template-studio doctor"));
  }
}
