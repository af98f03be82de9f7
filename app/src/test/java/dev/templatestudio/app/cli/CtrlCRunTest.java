package dev.templatestudio.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.docker.DockerEngineFixture;
import dev.templatestudio.bridge.embedded.bench.BusyboxImage;
import dev.templatestudio.bridge.embedded.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl+C (SIGINT) to a {@code run} process stops its machine: no container, no scratch dir is left. */
class CtrlCRunTest {
  @TempDir Path tmp;
  Process run;

  @AfterEach
  void stop() throws Exception {
    if (run != null && run.isAlive()) {
      run.destroyForcibly();
      run.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void ctrlCRemovesTheDockerContainer() throws Exception {
    String runtime = "docker:" + DockerEngineFixture.engine().url();
    String store = tmp.resolve("store").toString();
    String name = "ctrlc-" + UUID.randomUUID().toString().substring(0, 8);
    Path file = Files.writeString(tmp.resolve("t.template.json"), """
        {"schema": "template-studio/v1", "base": {"image": "%s"},
         "steps": [{"type": "run", "command": "echo %s"}]}
        """.formatted(DockerEngineFixture.BASE, name));
    CliRunner built = CliRunner.run("build", file.toString(), "--runtime", runtime, "--store", store, "--name", name);
    assertThat(built.exitCode()).as(built.err()).isZero();

    run = start("run", name, "--runtime", runtime, "--store", store, "--", "sleep", "60");
    String label = DockerEngineFixture.runLabel();
    awaitTrue(() -> !DockerEngineFixture.containers(label, name).isEmpty());
    interruptAndAwaitExit();
    assertThat(DockerEngineFixture.containers(label, name)).isEmpty();
  }

  @Test
  void ctrlCStopsTheEmbeddedMachineAndDeletesItsFiles() throws Exception {
    dev.templatestudio.bridge.embedded.BusyboxFixture.require();
    dev.templatestudio.bridge.embedded.layer.HostRequirements.requireRoot("the sandbox mounts overlayfs");
    Path store = tmp.resolve("store");
    BusyboxImage.seed(Store.open(store), tmp);
    Path work = store.resolve("work");

    run = start("run", "busybox", "--store", store.toString(), "--", "sleep", "359");
    awaitTrue(() -> ProcessHandle.allProcesses().anyMatch(p -> argvIs(p, "sleep", "359")));
    // The machine joins the runtime's open set once Machine.start returns, just after its command started.
    Thread.sleep(500);
    assertThat(machineDirs(work)).hasSize(1);
    interruptAndAwaitExit();
    assertThat(machineDirs(work)).isEmpty();
  }

  private static Process start(String... args) throws IOException {
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.templatestudio.app.Launcher"));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }

  /** SIGINT, as Ctrl+C in a terminal sends; the JVM runs its shutdown hooks and ends with 130. */
  private void interruptAndAwaitExit() throws Exception {
    Process kill = new ProcessBuilder("kill", "-INT", Long.toString(run.pid())).inheritIO().start();
    assertThat(kill.waitFor()).isZero();
    assertThat(run.waitFor(30, TimeUnit.SECONDS)).as("run ends after SIGINT").isTrue();
    assertThat(run.exitValue()).isEqualTo(130);
  }

  /**
   * True when {@code p}'s argv is {@code argv}, read from /proc as the kernel has it: the JDK's
   * command line puts the executable's path first, which for a step in an image entered by
   * pivot_root is the image's busybox as seen from another mount namespace.
   */
  static boolean argvIs(ProcessHandle p, String... argv) {
    try {
      return Files.readString(Path.of("/proc/" + p.pid() + "/cmdline")).equals(String.join("\u0000", argv) + "\u0000");
    } catch (IOException | RuntimeException gone) {
      return false;
    }
  }

  private static List<Path> machineDirs(Path work) throws IOException {
    if (!Files.isDirectory(work)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(work)) {
      return dirs.filter(d -> d.getFileName().toString().startsWith("machine-")).toList();
    }
  }

  private void awaitTrue(Callable<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.call()) {
      assertThat(run.isAlive()).as("run is still running").isTrue();
      assertThat(System.nanoTime()).as("waited 60 s").isLessThan(deadline);
      Thread.sleep(100);
    }
  }
}
