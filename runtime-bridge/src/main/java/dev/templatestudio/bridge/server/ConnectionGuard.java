package dev.templatestudio.bridge.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Serve's listener, in front of the JDK's HTTP server (which listens on loopback behind it): the
 * JDK server gives a connection a thread as soon as its first byte comes and waits on it without
 * any time limit, so 400 clients that sent half a request held 400 threads for good. The guard
 * reads each request head on one selector thread, drops a connection whose head is not complete
 * within {@link Limits#headerTimeout}, or whose body or whose reading of the answer stops for
 * {@link Limits#idleTimeout}, and holds at most {@link Limits#maxConnections}: past that a new
 * connection takes the place of the oldest one still sending its head, or is answered 503.
 * Complete requests are relayed to the server, one per connection. Thread-safe.
 */
final class ConnectionGuard implements AutoCloseable {
  /**
   * What serve allows each connection.
   *
   * @param maxConnections connections open at once (a running event stream is one)
   * @param headerTimeout  time from connecting to the end of the request head
   * @param idleTimeout    time a request body, or a client's reading of the answer, may stop
   */
  record Limits(int maxConnections, Duration headerTimeout, Duration idleTimeout) {
    static final Limits DEFAULT = new Limits(512, Duration.ofSeconds(10), Duration.ofSeconds(30));
  }

  private final Limits limits;
  private final InetSocketAddress backend;
  private final Consumer<String> log;
  private final ServerSocketChannel listener;
  private final InetSocketAddress address;
  private final Selector selector;
  private final Thread thread;
  private final List<GuardedLink> links = new ArrayList<>();
  /** The local ports of the guard's connections to the server, and their links. */
  private final Map<Integer, GuardedLink> backendPorts = new ConcurrentHashMap<>();
  /** Set by {@link #close}: stop accepting, let answers under way reach their clients, then stop. */
  private volatile long closingDeadline;
  private volatile boolean closed;
  private long lastSweep;

  ConnectionGuard(InetSocketAddress address, InetSocketAddress backend, Limits limits, Consumer<String> log)
      throws IOException {
    this.limits = limits;
    this.backend = backend;
    this.log = log;
    this.selector = Selector.open();
    this.listener = ServerSocketChannel.open();
    try {
      listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      listener.bind(address, 128);
      listener.configureBlocking(false);
      listener.register(selector, SelectionKey.OP_ACCEPT);
      this.address = (InetSocketAddress) listener.getLocalAddress();
    } catch (IOException e) {
      listener.close();
      selector.close();
      throw e;
    }
    thread = new Thread(this::loop, "serve-guard");
    thread.setDaemon(true);
    thread.start();
  }

  /** The address clients connect to (also once closed). */
  InetSocketAddress address() {
    return address;
  }

  InetSocketAddress backendAddress() {
    return backend;
  }

  /** True when the server's request on {@code remote} came through the guard. */
  boolean relayed(InetSocketAddress remote) {
    return remote != null && remote.getAddress().isLoopbackAddress() && backendPorts.containsKey(remote.getPort());
  }

  void opened(GuardedLink link, int localPort) {
    backendPorts.put(localPort, link);
  }

  void closed(GuardedLink link) {
    backendPorts.values().remove(link);
  }

  private void loop() {
    while (!closed) {
      try {
        selector.select(250);
        long now = System.nanoTime();
        if (closingDeadline != 0) {
          links.removeIf(l -> l.state() == GuardedLink.State.CLOSED);
          if (listener.isOpen()) {
            listener.close();
          }
          if (links.isEmpty() || now - closingDeadline > 0) {
            return;
          }
        }
        for (SelectionKey key : selector.selectedKeys()) {
          if (!key.isValid()) {
            continue;
          }
          if (key.channel() == listener) {
            accept(now);
          } else {
            ((GuardedLink) key.attachment()).ready(key, now);
          }
        }
        selector.selectedKeys().clear();
        links.removeIf(l -> l.state() == GuardedLink.State.CLOSED);
        if (now - lastSweep > 200_000_000L) {
          sweep(now);
          lastSweep = now;
        }
      } catch (IOException | RuntimeException e) {
        // One bad connection must not stop the listener; it is closed by its link.
        log.accept("the connection guard met a fault and goes on: " + e);
      }
    }
  }

  private void accept(long now) throws IOException {
    SocketChannel client;
    while ((client = listener.accept()) != null) {
      links.removeIf(l -> l.state() == GuardedLink.State.CLOSED);
      if (links.size() >= limits.maxConnections()) {
        Optional<GuardedLink> oldest = links.stream().filter(l -> l.state() == GuardedLink.State.HEAD)
            .min(Comparator.comparingLong(l -> l.acceptedNanos));
        if (oldest.isPresent()) {
          oldest.get().close();
          links.remove(oldest.get());
        } else {
          GuardedLink refused = new GuardedLink(client, this, selector, now);
          refused.refuse(RequestHead.answer(503, "Service Unavailable", "the server has "
              + limits.maxConnections() + " connections open, its most; try again shortly"));
          continue;
        }
      }
      links.add(new GuardedLink(client, this, selector, now));
    }
  }

  private void sweep(long now) {
    for (GuardedLink link : List.copyOf(links)) {
      if (link.expired(now, limits) != null) {
        link.close();
      }
    }
    links.removeIf(l -> l.state() == GuardedLink.State.CLOSED);
  }

  /**
   * Stops listening, gives the answers under way up to two seconds to reach their clients (the
   * server has ended them: the last events of a stream must not be lost), then drops every connection.
   */
  @Override
  public void close() {
    closingDeadline = System.nanoTime() + 2_000_000_000L;
    selector.wakeup();
    try {
      thread.join(3000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closed = true;
    for (GuardedLink link : List.copyOf(links)) {
      link.close();
    }
    try {
      listener.close();
      selector.close();
    } catch (IOException e) {
      // Closing frees the port; nothing else is to be done when that fails.
    }
  }
}
