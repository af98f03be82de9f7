package dev.templatestudio.bridge.docker;

import dev.templatestudio.bridge.embedded.BusyboxFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Docker Engine for the tests: the one already answering on {@link #SOCKET}, else a
 * {@code dockerd} (Debian's {@code docker.io}) started here on that private socket and data
 * root, so it never touches a Docker the machine already runs, and stopped when the JVM exits,
 * however it exits: it is started under {@code setpriv --pdeathsig TERM} from a thread that
 * lives as long as the JVM, so the kernel stops it even when the JVM is killed.
 * It holds {@link #BASE}, a busybox image imported from Debian's {@code busybox-static} (no
 * registry needed). Tests fail, not skip, when it cannot start: CI installs docker.io.
 * Thread-safe.
 */
public final class DockerEngineFixture {
  public static final String SOCKET = "/run/ts-docker.sock";
  public static final String HOST = "unix://" + SOCKET;
  public static final String BASE = "ts-busybox:test";
  private static final Path DATA_ROOT = Path.of("/var/lib/ts-docker");
  private static final Path EXEC_ROOT = Path.of("/run/ts-docker");
  private static final String SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  /** Where Debian's docker.io installs it, which need not be on a CI shell's PATH. */
  private static final String DOCKERD = java.util.stream.Stream.of("/usr/sbin/dockerd", "/usr/bin/dockerd",
      "/usr/local/bin/dockerd").filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse(null);
  private static DockerHost started;
  /** Starts dockerd and then idles until the JVM ends, which is what stops dockerd (pdeathsig). */
  private static final java.util.concurrent.ExecutorService KEEPER =
      java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dockerd-keeper");
        t.setDaemon(true);
        return t;
      });

  private DockerEngineFixture() {}

  /** The engine, started if need be, with {@link #BASE} loaded. */
  public static synchronized DockerHost engine() throws IOException, InterruptedException {
    if (started == null) {
      DockerHost host = DockerHost.parse(HOST);
      if (!answers(host)) {
        start(host);
      }
      loadBase(DockerApi.connect(host));
      started = host;
    }
    return started;
  }

  /** The ids of the containers, running or not, whose label {@code key} is {@code value}. */
  public static List<String> containers(String key, String value) throws IOException, InterruptedException {
    String filter = java.net.URLEncoder.encode("{\"label\":[\"" + key + "=" + value + "\"]}",
        java.nio.charset.StandardCharsets.UTF_8);
    return DockerApi.connect(engine()).http().json("GET", "/containers/json?all=1&filters=" + filter, null)
        .findValuesAsText("Id");
  }

  /** The commands of every container, running or not, as the engine lists them. */
  public static List<String> containerCommands() throws IOException, InterruptedException {
    return DockerApi.connect(engine()).http().json("GET", "/containers/json?all=1", null).findValuesAsText("Command");
  }

  /** The label a {@code run} machine carries, its value the REF it was started from. */
  public static String runLabel() {
    return DockerLabels.RUN;
  }

  private static boolean answers(DockerHost host) {
    try {
      DockerApi.connect(host);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void start(DockerHost host) throws IOException, InterruptedException {
    if (DOCKERD == null) {
      throw new IOException("dockerd is not installed: the docker tests need Debian's docker.io "
          + "(apt-get install docker.io; .ci/setup installs every package the tests need) and root");
    }
    Path log = Files.createDirectories(Path.of("target")).resolve("dockerd.log");
    String tried = "";
    // overlay2 is fast; where the data root cannot hold it (overlay on overlay), vfs works everywhere.
    for (String driver : List.of("overlay2", "vfs")) {
      Files.deleteIfExists(Path.of(SOCKET));
      ProcessBuilder command = new ProcessBuilder("setpriv", "--pdeathsig", "TERM", DOCKERD, "--host", HOST,
          "--data-root", DATA_ROOT.toString(), "--exec-root", EXEC_ROOT.toString(), "--pidfile", EXEC_ROOT + ".pid", "--iptables=false",
          "--ip6tables=false", "--bridge=none", "--storage-driver=" + driver)
          .redirectErrorStream(true).redirectOutput(log.toFile());
      // dockerd finds containerd and runc on PATH; a CI shell may lack the sbin directories.
      command.environment().merge("PATH", SYSTEM_PATH, (own, system) -> own + ":" + system);
      Process dockerd;
      try {
        dockerd = KEEPER.submit(command::start).get();
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IOException("cannot start " + DOCKERD + " (" + e.getCause().getMessage() + "): the docker tests "
            + "need Debian's docker.io (apt-get install docker.io, listed in .ci/apt-packages.txt) and root", e);
      }
      dev.templatestudio.bridge.testing.ChildProcessGuard.keep(dockerd);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (dockerd.isAlive() && System.nanoTime() < deadline) {
        if (answers(host)) {
          Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(dockerd)));
          return;
        }
        Thread.sleep(100);
      }
      stop(dockerd);
      tried += driver + " (exit " + (dockerd.isAlive() ? "none, timed out" : dockerd.exitValue()) + ") ";
    }
    throw new IOException("dockerd did not start with " + tried + "- see " + log.toAbsolutePath()
        + "; the docker tests need Debian's docker.io and root");
  }

  private static void stop(Process dockerd) {
    dockerd.destroy();
    try {
      if (!dockerd.waitFor(20, TimeUnit.SECONDS)) {
        dockerd.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Imports the busybox rootfs as {@link #BASE} unless the engine has it. */
  private static void loadBase(DockerApi api) throws IOException {
    if (api.image(BASE).isPresent()) {
      return;
    }
    Path work = Files.createTempDirectory("ts-busybox-");
    Path tar = BusyboxFixture.rootfsTar(work, work.resolve("rootfs.tar"));
    String[] repoTag = BASE.split(":");
    try (DockerHttp.Response r = api.http().sendFile("POST", "/images/create?fromSrc=-&repo=" + repoTag[0]
        + "&tag=" + repoTag[1], tar, "application/x-tar").checked()) {
      r.body.readAllBytes();
    }
    if (api.image(BASE).isEmpty()) {
      throw new IOException("the Docker Engine did not import " + BASE);
    }
  }
}
