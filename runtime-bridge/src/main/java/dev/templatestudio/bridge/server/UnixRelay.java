package dev.templatestudio.bridge.server;

import dev.templatestudio.bridge.io.BoundedAccept;
import dev.templatestudio.bridge.io.ChannelPump;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The local daemon's door: a unix socket (mode 0600, so only the store's owner) whose every
 * connection is copied to the API server on this process's loopback port. The JDK's HTTP
 * server listens on TCP only; this is how the CLI reaches the same API through a file under the
 * store, as {@code docker} reaches its daemon. At most {@link #MAX_CONNECTIONS} connections at
 * once; more are closed at once. Thread-safe.
 */
public final class UnixRelay implements AutoCloseable {
  static final int MAX_CONNECTIONS = 64;
  private final Path path;
  private final ServerSocketChannel server;
  private final int port;
  private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicLong lastClosed = new AtomicLong(System.currentTimeMillis());

  private UnixRelay(Path path, ServerSocketChannel server, int port) {
    this.path = path;
    this.server = server;
    this.port = port;
  }

  /**
   * Listens on {@code path} for the API server on loopback port {@code port}. A socket file
   * left by a holder that died is replaced.
   *
   * @throws IOException in one sentence when another process answers on {@code path}
   */
  public static UnixRelay start(Path path, int port) throws IOException {
    ServerSocketChannel server = bindOwnerOnly(path, MAX_CONNECTIONS);
    UnixRelay relay = new UnixRelay(path, server, port);
    BoundedAccept.start(server, relay.slots, relay::api, "unix-relay", relay.open::incrementAndGet, () -> {
      relay.lastClosed.set(System.currentTimeMillis());
      relay.open.decrementAndGet();
    });
    return relay;
  }

  /**
   * A unix socket at {@code path} (mode 0600, so only the store's owner may connect), with room
   * for {@code backlog} waiting connections. A socket file left by a holder that died is replaced.
   *
   * @throws IOException in one sentence when another process answers on {@code path}
   */
  public static ServerSocketChannel bindOwnerOnly(Path path, int backlog) throws IOException {
    if (Files.exists(path)) {
      if (answers(path)) {
        throw new IOException("another template-studio serve already answers on " + path);
      }
      Files.deleteIfExists(path);
    }
    // Bound in a folder only we can enter, made owner-only, then moved into place: there is no
    // moment at which another user could connect to it.
    Path staging = Files.createTempDirectory(path.toAbsolutePath().getParent(), ".s",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path bound = staging.resolve("s");
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(bound), backlog);
      Files.setPosixFilePermissions(bound, PosixFilePermissions.fromString("rw-------"));
      Files.move(bound, path, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      server.close();
      Files.deleteIfExists(bound);
      throw e;
    } finally {
      Files.deleteIfExists(staging);
    }
    return server;
  }

  /** True when a process accepts connections on unix socket {@code path}. */
  public static boolean answers(Path path) {
    try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A connection to the API server, for one client of the socket. */
  private SocketChannel api() throws IOException {
    return SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
  }

  /** How long no connection has been open, in ms (0 while one is). */
  public long idleMillis() {
    return open.get() > 0 ? 0 : System.currentTimeMillis() - lastClosed.get();
  }

  @Override
  public void close() {
    ChannelPump.closeQuietly(server);
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // A socket file left behind is replaced by the next daemon.
    }
  }
}
