package dev.templatestudio.bridge.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Copies one connection to another both ways, each way on its own thread, until both ends
 * have said all: an end of input is passed on as a half-close, so a client that shuts its
 * side still gets the answer. Works on channels only: {@code Channels.newInputStream} and
 * {@code newOutputStream} of one socket share a lock, and a read that waits would block the
 * write of the other way. Both channels are closed once both ways are done or one fails.
 */
public final class ChannelPump {
  private static final int BUFFER = 16 * 1024;

  private ChannelPump() {}

  /** Starts the two copies; {@code done} runs once, after both channels are closed. */
  public static void between(SocketChannel a, SocketChannel b, String name, Runnable done) {
    Object lock = new Object();
    int[] open = {2};
    Runnable finished = () -> {
      synchronized (lock) {
        if (--open[0] > 0) {
          return;
        }
      }
      closeQuietly(a);
      closeQuietly(b);
      done.run();
    };
    start(a, b, name + "-out", finished);
    start(b, a, name + "-in", finished);
  }

  private static void start(SocketChannel from, SocketChannel to, String name, Runnable finished) {
    Thread t = new Thread(() -> {
      ByteBuffer buf = ByteBuffer.allocate(BUFFER);
      try {
        while (from.read(buf) >= 0) {
          buf.flip();
          while (buf.hasRemaining()) {
            to.write(buf);
          }
          buf.clear();
        }
        to.shutdownOutput();
      } catch (IOException e) {
        // One way broke: the other cannot go on either.
        closeQuietly(from);
        closeQuietly(to);
      } finally {
        finished.run();
      }
    }, name);
    t.setDaemon(true);
    t.start();
  }

  public static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // Already closed or broken: nothing left to release.
    }
  }
}
