package dev.templatestudio.bridge.embedded.image;

import static dev.templatestudio.bridge.embedded.layer.HostRequirements.requireTool;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real registry (Debian's {@code docker-registry}, the CNCF distribution server) on
 * 127.0.0.1 with its storage in a test's temp dir. {@link #close()} stops it.
 */
public final class LoopbackRegistry implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;

  private LoopbackRegistry(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts a registry without auth. */
  public static LoopbackRegistry start(Path storage, Path workDir) throws IOException, InterruptedException {
    return start(storage, workDir, "");
  }

  /** Starts a registry; {@code authYaml} is an {@code auth:} section or empty. */
  public static LoopbackRegistry start(Path storage, Path workDir, String authYaml)
      throws IOException, InterruptedException {
    String registry = requireTool("docker-registry", "docker-registry");
    int port = freePort();
    Files.createDirectories(storage);
    Files.createDirectories(workDir);
    Path config = Files.createTempFile(workDir, "registry-", ".yml");
    Files.writeString(config, "version: 0.1\n"
        + "log:\n  level: info\n"
        + "storage:\n  filesystem:\n    rootdirectory: " + storage + "\n  delete:\n    enabled: true\n"
        + "http:\n  addr: 127.0.0.1:" + port + "\n"
        + authYaml);
    Path log = Files.createTempFile(workDir, "registry-", ".log");
    Process process = new ProcessBuilder(registry, "serve", config.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    LoopbackRegistry started = new LoopbackRegistry(process, port, log);
    started.awaitUp();
    return started;
  }

  /**
   * The {@code auth:} section for htpasswd basic auth with one user; the bcrypt hash the
   * registry insists on is made by apache2-utils' htpasswd, the password given on its stdin.
   */
  public static String htpasswdYaml(Path workDir, String user, String password) throws IOException, InterruptedException {
    String htpasswd = requireTool("htpasswd", "apache2-utils");
    Process p = new ProcessBuilder(htpasswd, "-B", "-i", "-n", user).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try (var in = p.getOutputStream()) {
      in.write(password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    String line = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
    if (p.waitFor() != 0 || !line.startsWith(user + ":$2")) {
      throw new IOException("htpasswd did not make a bcrypt entry");
    }
    Path file = Files.createTempFile(workDir, "htpasswd-", "");
    Files.writeString(file, line + "\n");
    return "auth:\n  htpasswd:\n    realm: loopback\n    path: " + file + "\n";
  }

  public String host() {
    return "127.0.0.1:" + port;
  }

  public String log() throws IOException {
    return Files.readString(log);
  }

  private void awaitUp() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("docker-registry exited: " + log());
      }
      try {
        HttpURLConnection c = (HttpURLConnection) new URL("http://" + host() + "/v2/").openConnection();
        c.setConnectTimeout(500);
        int code = c.getResponseCode();
        c.disconnect();
        if (code == 200 || code == 401) {
          return;
        }
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    close();
    throw new IOException("docker-registry did not start within 20 s: " + log());
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
