package dev.templatestudio.bridge.embedded.net;

import dev.templatestudio.bridge.io.ChannelPump;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;

/**
 * The half of a machine's port forwarding that runs inside the machine's network namespace (a
 * JVM started there by {@code nsenter --net}; see {@link PortForwards}). It accepts on a unix
 * socket, which is a file and so reachable from the host's namespace, reads the 2-byte port a
 * connection is for, connects to that port on the namespace's loopback and copies both ways.
 * At most {@link PortForwards#MAX_CONNECTIONS} at once; more are closed at once. It ends when its
 * standard input closes (its holder ended it or died).
 */
public final class NetnsRelay {
  private NetnsRelay() {}

  /** {@code NetnsRelay SOCKET}: says {@code ready} on stdout once it listens. */
  public static void main(String[] args) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(Path.of(args[0])));
    Thread watch = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // Nothing is sent; the end of input is the signal.
        }
      } catch (IOException e) {
        // The holder is gone either way.
      }
      System.exit(0);
    }, "relay-stdin");
    watch.setDaemon(true);
    watch.start();
    System.out.println("ready");
    System.out.flush();
    Semaphore slots = new Semaphore(PortForwards.MAX_CONNECTIONS);
    while (true) {
      SocketChannel in = server.accept();
      if (!slots.tryAcquire()) {
        ChannelPump.closeQuietly(in);
        continue;
      }
      Thread t = new Thread(() -> connect(in, slots), "relay-connect");
      t.setDaemon(true);
      t.start();
    }
  }

  private static void connect(SocketChannel in, Semaphore slots) {
    SocketChannel out = null;
    try {
      ByteBuffer head = ByteBuffer.allocate(2);
      while (head.hasRemaining() && in.read(head) >= 0) {
        // Two bytes come in one packet in practice; the loop covers the rest.
      }
      if (head.hasRemaining()) {
        throw new IOException("no port");
      }
      int port = head.getShort(0) & 0xffff;
      out = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    } catch (IOException e) {
      ChannelPump.closeQuietly(in);
      if (out != null) {
        ChannelPump.closeQuietly(out);
      }
      slots.release();
      return;
    }
    ChannelPump.between(in, out, "relay", slots::release);
  }
}
