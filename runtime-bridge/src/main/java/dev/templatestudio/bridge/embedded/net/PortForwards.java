package dev.templatestudio.bridge.embedded.net;

import java.io.BufferedReader;
import dev.templatestudio.bridge.io.BoundedAccept;
import dev.templatestudio.bridge.io.ChannelPump;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Host loopback ports forwarded into one machine's network namespace ({@code --publish
 * HOSTPORT:PORT}). This process listens on 127.0.0.1:HOSTPORT; each connection goes over a unix
 * socket (a file, so it crosses namespaces) to a {@link NetnsRelay} running inside the machine's
 * namespace, which connects to PORT on the machine's loopback. One relay serves every port of
 * the machine; at most {@link #MAX_CONNECTIONS} connections at once per machine, more are closed
 * at once. The relay must be started on the thread that holds the machine: it dies with that
 * thread (parent-death signal). Closing ends the listeners, the connections and the relay.
 * Thread-safe.
 */
public final class PortForwards implements AutoCloseable {
  /** Connections open at once through one machine's forwards. */
  public static final int MAX_CONNECTIONS = 64;
  private static final long START_SECONDS = 30;
  private final Path dir;
  private final Path socket;
  private final Process relay;
  private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
  private final List<ServerSocketChannel> listeners = new ArrayList<>();
  private final Map<Integer, Integer> probes = new HashMap<>();

  private PortForwards(Path dir, Path socket, Process relay) {
    this.dir = dir;
    this.socket = socket;
    this.relay = relay;
  }

  /**
   * Starts the relay with {@code intoNetns} (the command line that runs what follows in the
   * machine's network namespace, with a parent-death signal) and waits until it listens.
   */
  public static PortForwards start(List<String> intoNetns) throws IOException {
    // /tmp, not the store: a unix socket's path must fit in 107 bytes.
    Path dir = Files.createTempDirectory("template-studio-relay-",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path socket = dir.resolve("s");
    Path log = dir.resolve("log");
    List<String> cmd = new ArrayList<>(intoNetns);
    cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // A small, quick JVM: it only copies bytes.
        "-Xmx32m", "-Xss256k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xlog:disable",
        "-cp", System.getProperty("java.class.path"), NetnsRelay.class.getName(), socket.toString()));
    Process relay;
    try {
      relay = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
    } catch (IOException e) {
      deleteQuietly(dir);
      throw e;
    }
    PortForwards forwards = new PortForwards(dir, socket, relay);
    CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
      try {
        return new BufferedReader(new InputStreamReader(relay.getInputStream(), StandardCharsets.UTF_8)).readLine();
      } catch (IOException e) {
        return null;
      }
    });
    String line;
    try {
      line = first.get(START_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      line = null;
    } catch (ExecutionException | TimeoutException e) {
      line = null;
    }
    if (!"ready".equals(line)) {
      String why = Files.exists(log) ? Files.readString(log).strip() : "";
      forwards.close();
      throw new IOException("the port forwarding into the machine did not start"
          + (why.isEmpty() ? "" : ": " + why.lines().reduce((a, b) -> b).orElse(why)));
    }
    return forwards;
  }

  /**
   * Forwards 127.0.0.1:{@code hostPort} (0: a free port) to {@code port} in the machine.
   *
   * @return the host port
   * @throws IOException in one sentence when the host port is taken
   */
  public synchronized int publish(int hostPort, int port) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open();
    try {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), hostPort), MAX_CONNECTIONS);
    } catch (BindException e) {
      server.close();
      throw new IOException("cannot publish " + hostPort + ":" + port + ": port " + hostPort
          + " on 127.0.0.1 is in use");
    }
    listeners.add(server);
    int bound = ((InetSocketAddress) server.getLocalAddress()).getPort();
    BoundedAccept.start(server, slots, () -> inside(port), "publish-" + bound, () -> { }, () -> { });
    return bound;
  }

  /**
   * A host loopback port that reaches {@code port} in the machine, for the machine's own ready
   * checks: one made on first use, then the same.
   */
  public synchronized int probePort(int port) throws IOException {
    Integer known = probes.get(port);
    if (known == null) {
      known = publish(0, port);
      probes.put(port, known);
    }
    return known;
  }

  /**
   * Closes the ports {@link #probePort} made (their check is over; a connection still open
   * through one ends on its own).
   *
   * @return true when nothing is published, so the relay serves nothing any more
   */
  public synchronized boolean closeProbes() {
    for (int hostPort : probes.values()) {
      listeners.removeIf(l -> {
        boolean probe = l.socket().getLocalPort() == hostPort;
        if (probe) {
          ChannelPump.closeQuietly(l);
        }
        return probe;
      });
    }
    probes.clear();
    return listeners.isEmpty();
  }

  /** A connection to the relay in the machine, for {@code port} there. */
  private SocketChannel inside(int port) throws IOException {
    SocketChannel inside = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      inside.connect(UnixDomainSocketAddress.of(socket));
      inside.write(ByteBuffer.wrap(new byte[] {(byte) (port >> 8), (byte) port}));
      return inside;
    } catch (IOException e) {
      inside.close();
      throw e;
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      listeners.forEach(ChannelPump::closeQuietly);
      listeners.clear();
    }
    ChannelPump.closeQuietly(relay.getOutputStream());
    relay.destroyForcibly();
    try {
      relay.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    deleteQuietly(dir);
  }

  private static void deleteQuietly(Path dir) {
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // A temp dir left behind holds only a dead socket and a log.
    }
  }
}
