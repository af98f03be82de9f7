package dev.templatestudio.bridge.docker;

import dev.templatestudio.bridge.embedded.BusyboxFixture;
import dev.templatestudio.bridge.io.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Podman's Docker-compatible API service (Debian's {@code podman}) for one test class: {@code
 * podman system service --time=0 unix://DIR/podman.sock} with its own storage ({@code --root},
 * {@code --runroot} under DIR, the vfs driver, so nothing stays mounted) and its own
 * {@code containers.conf} (cgroupfs, file events, open-files and process limits a container
 * here may have), started under {@code setpriv --pdeathsig TERM}. It holds {@link #BASE}, the
 * busybox root filesystem imported with {@code podman import}: no registry. {@link #close} stops
 * it and deletes DIR. Fails, not skips, when podman is missing. Not thread-safe.
 */
final class PodmanEngine implements AutoCloseable {
  static final String BASE = "ts-busybox:test";
  private static final String PODMAN = "/usr/bin/podman";
  private final Path dir;
  private final Process service;
  private final DockerHost host;

  private PodmanEngine(Path dir, Process service, DockerHost host) {
    this.dir = dir;
    this.service = service;
    this.host = host;
  }

  static PodmanEngine start() throws IOException, InterruptedException {
    if (!Files.isExecutable(Path.of(PODMAN))) {
      throw new IOException("podman is not installed: the Podman tests need Debian's podman (apt-get install "
          + "podman, listed in .ci/apt-packages.txt) and root");
    }
    Path dir = Files.createTempDirectory("ts-podman-");
    Path conf = Files.writeString(dir.resolve("containers.conf"), String.join("\n",
        // Podman sets both limits on every container (to the maximum unless told); where the host
        // does not let runc raise them that fails, and these modest ones always fit.
        "[containers]", "default_ulimits = [\"nofile=4096:4096\", \"nproc=4096:4096\"]",
        "[engine]", "cgroup_manager = \"cgroupfs\"", "events_logger = \"file\"", ""));
    String socket = "unix://" + dir.resolve("podman.sock");
    List<String> global = List.of(PODMAN, "--root", dir.resolve("root").toString(), "--runroot",
        dir.resolve("runroot").toString(), "--storage-driver", "vfs");
    Path rootfs = BusyboxFixture.rootfsTar(Files.createDirectories(dir.resolve("busybox")), dir.resolve("rootfs.tar"));
    run(concat(global, "import", rootfs.toString(), BASE), conf);
    ProcessBuilder pb = new ProcessBuilder(concat(List.of("setpriv", "--pdeathsig", "TERM"),
        concat(global, "system", "service", "--time=0", socket).toArray(String[]::new)))
        .redirectErrorStream(true).redirectOutput(dir.resolve("service.log").toFile());
    pb.environment().put("CONTAINERS_CONF", conf.toString());
    Process service = pb.start();
    dev.templatestudio.bridge.testing.ChildProcessGuard.keep(service);
    DockerHost host = DockerHost.parse(socket);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (service.isAlive() && System.nanoTime() < deadline) {
      try {
        DockerApi.connect(host);
        return new PodmanEngine(dir, service, host);
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    String log = Files.readString(dir.resolve("service.log"));
    new PodmanEngine(dir, service, host).close();
    throw new IOException("podman system service did not answer on " + socket + ": " + log);
  }

  DockerHost host() {
    return host;
  }

  /** The spelling of this engine for {@code --runtime}. */
  String runtime() {
    return "docker:" + host.url();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    service.destroy();
    if (!service.waitFor(20, TimeUnit.SECONDS)) {
      service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    Trees.delete(dir);
  }

  private static List<String> concat(List<String> head, String... tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(List.of(tail));
    return all;
  }

  private static void run(List<String> command, Path conf) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("CONTAINERS_CONF", conf.toString());
    Process p = pb.start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(command + " failed: " + out);
      }
    } finally {
      p.destroyForcibly();
    }
  }
}
