package dev.templatestudio.bridge.embedded.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback in front of a registry that can cut connections the way a flaky
 * network does: while {@link #cutPatchesAfter} is set, every PATCH request past that many is cut
 * before any of it reaches the registry. Counts the bytes clients send. {@link #close()} ends
 * its threads and sockets.
 */
final class FaultProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int target;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Thread acceptor;
  final AtomicInteger patches = new AtomicInteger();
  final AtomicLong bytesSent = new AtomicLong();
  /** PATCHes let through before cutting; negative: none cut. */
  volatile int cutPatchesAfter = -1;
  /** Whether only the first PATCH past the limit is cut (then all pass again). */
  volatile boolean once;

  FaultProxy(int targetPort) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.target = targetPort;
    this.acceptor = new Thread(this::accept, "fault-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String host() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
        sockets.add(client);
        sockets.add(upstream);
        pump(client, upstream, true);
        pump(upstream, client, false);
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pump(Socket from, Socket to, boolean fromClient) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[1 << 16];
      try (InputStream in = from.getInputStream()) {
        OutputStream out = to.getOutputStream();
        int n;
        while ((n = in.read(buffer)) > 0) {
          if (fromClient && n >= 6 && new String(buffer, 0, 6, StandardCharsets.US_ASCII).equals("PATCH ")) {
            int index = patches.incrementAndGet();
            int limit = cutPatchesAfter;
            if (limit >= 0 && index > limit) {
              if (once) {
                cutPatchesAfter = -1;
              }
              break;
            }
          }
          if (fromClient) {
            bytesSent.addAndGet(n);
          }
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // The other side closed: the pair ends below.
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "fault-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // Already closed.
    }
  }

  @Override
  public void close() throws Exception {
    server.close();
    for (Socket s : sockets) {
      closeQuietly(s);
    }
    acceptor.join(5000);
  }
}
