package dev.templatestudio.bridge.io;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Semaphore;

/**
 * The accept loop of a relay: takes connections on a listening channel until it is closed, at
 * most as many open at once as its slots allow (one more is closed at once, so a flood of
 * connections cannot take threads without bound), opens the other end of each and hands the
 * two to {@link ChannelPump}. The port forwards into a machine and the local daemon's unix
 * socket both relay this way. Runs on a daemon thread of its own.
 */
public final class BoundedAccept {
  /** Opens the other end of one accepted connection. */
  @FunctionalInterface
  public interface Target {
    SocketChannel open() throws IOException;
  }

  private BoundedAccept() {}

  /**
   * Starts the loop on a daemon thread called {@code name}.
   *
   * @param slots  shared by every loop whose connections count together (one permit per connection)
   * @param opened runs for each connection taken, before its other end opens
   * @param done   runs once for each connection taken, after both ends are closed and its slot is free
   */
  public static void start(ServerSocketChannel server, Semaphore slots, Target target, String name,
      Runnable opened, Runnable done) {
    Thread t = new Thread(() -> loop(server, slots, target, name, opened, done), name);
    t.setDaemon(true);
    t.start();
  }

  private static void loop(ServerSocketChannel server, Semaphore slots, Target target, String name,
      Runnable opened, Runnable done) {
    while (true) {
      SocketChannel client;
      try {
        client = server.accept();
      } catch (IOException e) {
        // Closed: the relay ends.
        return;
      }
      if (!slots.tryAcquire()) {
        ChannelPump.closeQuietly(client);
        continue;
      }
      opened.run();
      Runnable finished = () -> {
        slots.release();
        done.run();
      };
      try {
        ChannelPump.between(client, target.open(), name, finished);
      } catch (IOException e) {
        ChannelPump.closeQuietly(client);
        finished.run();
      }
    }
  }
}
