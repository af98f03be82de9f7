package dev.templatestudio.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.embedded.BusyboxFixture;
import dev.templatestudio.bridge.embedded.layer.HostRequirements;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's walkthrough, typed as a user types it: each command line the README shows is run
 * by bash, through the packaged launcher ({@code ./template-studio}, after {@code package}), in a
 * copy of {@code examples/} with a home of its own and no locale at all, and what it prints
 * (stdout and stderr, as a terminal shows them) must be the lines the README shows after it.
 * Durations, digests and sizes are compared by their shape; the server listens on a free port
 * and its home stands for root's, where the README's {@code 7433} and {@code /root} are. The
 * Docker examples need an engine on the default socket and are not run.
 */
class ReadmeCommandsIT {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  @TempDir
  static Path work;
  private static Path home;
  private static List<String> readme;
  /** The README line of the last command run: a command shown twice is found again after it. */
  private static int shownUpTo = -1;

  @BeforeAll
  static void aCheckoutOfTheExamples() throws Exception {
    HostRequirements.requireRoot("the embedded runtime builds as root here");
    BusyboxFixture.require();
    readme = Files.readAllLines(REPO.resolve("README.md"));
    home = Files.createDirectories(work.resolve("home"));
    HostRequirements.run("cp", "-r", REPO.resolve("examples").toString(), work.toString());
    HostRequirements.run("rm", "-rf", work.resolve("examples/busybox/rootfs").toString());
    Files.createSymbolicLink(work.resolve("template-studio"), REPO.resolve("template-studio"));
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  void theBuildRunExportAndServeExamplesPrintWhatTheReadmeShows() throws Exception {
    for (String command : List.of(
        "examples/busybox/make-rootfs.sh",
        "./template-studio build examples/busybox/hello.template.json",
        "echo '<p>changed</p>' >> examples/busybox/site/index.html",
        "./template-studio build examples/busybox/hello.template.json",
        "./template-studio templates",
        "./template-studio run hello:stable -- sh -c 'wget -qO- http://127.0.0.1:8080/built.txt; echo APP_ENV=$APP_ENV'",
        "echo hi | ./template-studio run hello -- cat",
        "./template-studio export hello --oci hello-oci")) {
      assertPrintsWhatTheReadmeShows("$", command, 0);
    }

    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String serve = "./template-studio serve";
    Process server = bash(serve + " --port " + port);
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
      List<String> shown = shownAfter("server$", serve);
      assertThat(normal(lines.readLine(), port)).isEqualTo(normal(shown.get(0), port));
      for (String command : List.of(
          "./template-studio build examples/busybox/hello.template.json --runtime http://127.0.0.1:7433 "
              + "--token-file ~/.local/share/template-studio/serve/token | tail -1",
          "TEMPLATE_STUDIO_TOKEN=$(cat ~/.local/share/template-studio/serve/token) ./template-studio templates "
              + "--runtime http://127.0.0.1:7433",
          "./template-studio run hello --runtime http://127.0.0.1:7433 "
              + "--token-file ~/.local/share/template-studio/serve/token -- echo hi")) {
        assertPrintsWhatTheReadmeShows("client$", command, port);
      }
    } finally {
      server.destroy();
      if (!server.waitFor(30, TimeUnit.SECONDS)) {
        server.destroyForcibly().waitFor();
      }
    }
  }

  /** Runs {@code command} as the README writes it (its 7433 made {@code port}) and compares. */
  private static void assertPrintsWhatTheReadmeShows(String prompt, String command, int port) throws Exception {
    List<String> shown = shownAfter(prompt, command);
    Process p = bash(port == 0 ? command : command.replace("7433", Integer.toString(port)));
    String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as(command).isTrue();
    assertThat(p.exitValue()).as(command + " printed:\n" + printed).isZero();
    assertThat(normal(printed, port)).as(command).isEqualTo(normal(String.join("\n", shown) + (shown.isEmpty() ? "" : "\n"), port));
  }

  /** bash runs the line in the examples' copy: a home of its own, PATH, and no LANG or LC_*. */
  private static Process bash(String commandLine) throws IOException {
    ProcessBuilder b = new ProcessBuilder("bash", "-c", commandLine).directory(work.toFile()).redirectErrorStream(true);
    b.environment().clear();
    b.environment().put("PATH", PATH);
    b.environment().put("HOME", home.toString());
    return b.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
  }

  /**
   * The indented lines the README shows after {@code "    " + prompt + " " + command} (a trailing
   * comment allowed), the first such command after the one found last.
   */
  private static List<String> shownAfter(String prompt, String command) {
    int at = -1;
    for (int i = shownUpTo + 1; i < readme.size() && at < 0; i++) {
      String line = readme.get(i);
      String start = "    " + prompt + " " + command;
      if (line.equals(start) || (line.startsWith(start + " ") && line.substring(start.length()).strip().startsWith("#"))) {
        at = i;
      }
    }
    assertThat(at).as("the README shows %s %s (after its line %d)", prompt, command, shownUpTo + 1).isNotNegative();
    shownUpTo = at;
    List<String> lines = new ArrayList<>();
    for (int i = at + 1; i < readme.size(); i++) {
      String line = readme.get(i);
      if (!line.startsWith("    ") || line.matches("    [a-z]*\\$ .*")) {
        break;
      }
      lines.add(line.substring(4));
    }
    return lines;
  }

  /** What may differ between two runs and machines, in one spelling. */
  private static String normal(String text, int port) {
    String t = text.replace(home.toString(), "/root").replaceAll("sha256:[0-9a-f]{64}", "sha256:DIGEST")
        .replaceAll("\\b\\d+\\.\\ds\\b", "N.Ns").replaceAll("\\d+\\.\\d (B|KB|MB|GB)\\b", "N.N $1");
    return port == 0 ? t : t.replace(":" + port, ":7433");
  }
}
