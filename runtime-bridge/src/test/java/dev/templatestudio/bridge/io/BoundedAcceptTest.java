package dev.templatestudio.bridge.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relays' accept loop: each connection reaches its target both ways; at most as many at
 * once as the slots allow, one more closed at once; a closed connection frees its slot and says
 * so; closing the listener ends the loop. Loopback only.
 */
class BoundedAcceptTest {
  private ServerSocketChannel echo;
  private ServerSocketChannel relay;
  private final List<SocketChannel> open = new ArrayList<>();

  @BeforeEach
  void listen() throws IOException {
    echo = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread t = new Thread(() -> {
      while (true) {
        SocketChannel c;
        try {
          c = echo.accept();
        } catch (IOException e) {
          return;
        }
        Thread each = new Thread(() -> {
          try (c) {
            c.socket().getInputStream().transferTo(c.socket().getOutputStream());
          } catch (IOException e) {
            // The other side went away.
          }
        }, "echo-each");
        each.setDaemon(true);
        each.start();
      }
    }, "echo");
    t.setDaemon(true);
    t.start();
    relay = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  }

  @AfterEach
  void close() {
    open.forEach(ChannelPump::closeQuietly);
    ChannelPump.closeQuietly(relay);
    ChannelPump.closeQuietly(echo);
  }

  private SocketChannel connect() throws IOException {
    SocketChannel c = SocketChannel.open(relay.getLocalAddress());
    open.add(c);
    c.socket().setSoTimeout(10_000);
    return c;
  }

  /** Sends {@code text} and reads as many bytes back; null when the relay closed the connection. */
  private static String roundTrip(SocketChannel c, String text) throws IOException {
    c.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    var in = c.socket().getInputStream();
    byte[] back = in.readNBytes(text.length());
    return back.length == 0 ? null : new String(back, StandardCharsets.UTF_8);
  }

  private static boolean closedByPeer(SocketChannel c) throws IOException {
    try {
      return c.socket().getInputStream().read() < 0;
    } catch (IOException reset) {
      return true;
    }
  }

  @Test
  void relaysAtMostItsSlotsAtOnceAndFreesASlotWhenAConnectionCloses() throws Exception {
    Semaphore slots = new Semaphore(2);
    AtomicInteger opened = new AtomicInteger();
    Semaphore done = new Semaphore(0);
    BoundedAccept.start(relay, slots, () -> SocketChannel.open(echo.getLocalAddress()), "test-relay",
        opened::incrementAndGet, done::release);
    SocketChannel one = connect();
    SocketChannel two = connect();
    assertThat(roundTrip(one, "one")).isEqualTo("one");
    assertThat(roundTrip(two, "two")).isEqualTo("two");
    assertThat(closedByPeer(connect())).as("a third while two are open").isTrue();
    assertThat(opened).hasValue(2);

    one.close();
    assertThat(done.tryAcquire(10, TimeUnit.SECONDS)).as("the closed one is done").isTrue();
    SocketChannel three = connect();
    assertThat(roundTrip(three, "three")).isEqualTo("three");
    assertThat(roundTrip(two, "still")).isEqualTo("still");
    assertThat(opened).hasValue(3);
  }

  @Test
  void aTargetThatCannotBeReachedClosesTheConnectionAndFreesItsSlot() throws Exception {
    Semaphore slots = new Semaphore(1);
    Semaphore done = new Semaphore(0);
    BoundedAccept.start(relay, slots, () -> {
      throw new IOException("no target");
    }, "test-relay", () -> { }, done::release);
    assertThat(closedByPeer(connect())).isTrue();
    assertThat(done.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
    assertThat(slots.availablePermits()).isEqualTo(1);
  }

  @Test
  void closingTheListenerEndsTheLoop() throws Exception {
    BoundedAccept.start(relay, new Semaphore(1), () -> SocketChannel.open(echo.getLocalAddress()), "test-relay-end",
        () -> { }, () -> { });
    relay.close();
    long until = System.currentTimeMillis() + 10_000;
    while (threadAlive("test-relay-end") && System.currentTimeMillis() < until) {
      Thread.sleep(10);
    }
    assertThat(threadAlive("test-relay-end")).isFalse();
  }

  private static boolean threadAlive(String name) {
    return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
  }
}
