package dev.templatestudio.bridge.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * One client connection of the {@link ConnectionGuard}: first its request head, read without a
 * thread of its own and within the header timeout; then a connection to the server behind the
 * guard, and the bytes relayed both ways through a buffer each, reading from one side only while
 * the other has taken what came before. Runs on the guard's selector thread only.
 */
final class GuardedLink {
  private static final int BUFFER = 64 << 10;
  private static final byte[] LAST_CHUNK = {'\r', '\n', '0', '\r', '\n', '\r', '\n'};

  /** Where a link is. */
  enum State { HEAD, RELAY, CLOSED }

  final long acceptedNanos;
  private final SocketChannel client;
  private final ConnectionGuard guard;
  private SocketChannel backend;
  private SelectionKey clientKey;
  private SelectionKey backendKey;
  private State state = State.HEAD;
  private final byte[] head = new byte[RequestHead.MAX_BYTES];
  private int headLength;
  /** Bytes for the server (flipped: ready to write), and for the client. */
  private ByteBuffer toBackend;
  private final ByteBuffer toClient = ByteBuffer.allocate(BUFFER).flip();
  /** Body bytes still to come from the client: -1 while unknown (chunked), 0 once all came. */
  private long bodyLeft;
  /** The last bytes of a chunked body read so far. */
  private final byte[] tail = new byte[LAST_CHUNK.length];
  private boolean answered;
  private boolean backendDone;
  private long lastClientByte;
  /** Since when the client has not taken any of the bytes waiting for it (0: none wait). */
  private long stalledSince;

  GuardedLink(SocketChannel client, ConnectionGuard guard, Selector selector, long now) throws IOException {
    this.client = client;
    this.guard = guard;
    this.acceptedNanos = now;
    this.lastClientByte = now;
    client.configureBlocking(false);
    clientKey = client.register(selector, SelectionKey.OP_READ, this);
  }

  State state() {
    return state;
  }

  /** Handles what the selector found ready on either channel. */
  void ready(SelectionKey key, long now) {
    try {
      if (key == backendKey && key.isConnectable()) {
        backend.finishConnect();
        guard.opened(this, ((InetSocketAddress) backend.getLocalAddress()).getPort());
      }
      if (key == clientKey && key.isReadable()) {
        readClient(now);
      }
      if (state == State.RELAY && key == backendKey && key.isReadable()) {
        readBackend();
      }
      if (state == State.RELAY) {
        writeBoth(now);
        interests();
      }
    } catch (IOException | RuntimeException e) {
      close();
    }
  }

  private void readClient(long now) throws IOException {
    if (state == State.HEAD) {
      int n = client.read(ByteBuffer.wrap(head, headLength, head.length - headLength));
      if (n < 0) {
        close();
        return;
      }
      int searched = headLength;
      headLength += n;
      int end = RequestHead.end(head, headLength, searched);
      if (end >= 0) {
        startRelay(end, now);
      } else if (headLength == head.length) {
        refuse(RequestHead.answer(431, "Request Header Fields Too Large",
            "the request head is larger than " + RequestHead.MAX_BYTES + " bytes"));
      }
      return;
    }
    if (toBackend.hasRemaining()) {
      return;
    }
    toBackend.clear();
    int n = client.read(toBackend);
    toBackend.flip();
    if (n < 0) {
      // The client went away: so does its request.
      close();
      return;
    }
    if (n > 0) {
      lastClientByte = now;
      if (bodyLeft > 0) {
        bodyLeft = Math.max(0, bodyLeft - n);
      } else if (bodyLeft < 0 && endsChunks(toBackend)) {
        bodyLeft = 0;
      }
    }
  }

  /**
   * True when the bytes read so far end as a chunked body does (an empty last chunk): then a
   * client that sends nothing more is waiting for the answer, not stalling. Data that happens to
   * end so only spares a stalled body the timeout.
   */
  private boolean endsChunks(ByteBuffer read) {
    for (int i = read.position(); i < read.limit(); i++) {
      System.arraycopy(tail, 1, tail, 0, tail.length - 1);
      tail[tail.length - 1] = read.get(i);
    }
    return java.util.Arrays.equals(tail, LAST_CHUNK);
  }

  private void startRelay(int end, long now) throws IOException {
    RequestHead.Parsed parsed = RequestHead.parse(head, end);
    if (parsed == null) {
      refuse(RequestHead.answer(400, "Bad Request", "the request head is not HTTP/1.1"));
      return;
    }
    int extra = headLength - end;
    toBackend = ByteBuffer.allocate(Math.max(BUFFER, parsed.head().length + extra));
    toBackend.put(parsed.head()).put(head, end, extra).flip();
    bodyLeft = parsed.bodyLength() < 0 ? -1 : Math.max(0, parsed.bodyLength() - extra);
    if (bodyLeft < 0 && endsChunks(ByteBuffer.wrap(head, end, extra))) {
      bodyLeft = 0;
    }
    lastClientByte = now;
    state = State.RELAY;
    backend = SocketChannel.open();
    backend.configureBlocking(false);
    boolean connected = backend.connect(guard.backendAddress());
    backendKey = backend.register(clientKey.selector(), connected ? 0 : SelectionKey.OP_CONNECT, this);
    if (connected) {
      guard.opened(this, ((InetSocketAddress) backend.getLocalAddress()).getPort());
    }
    interests();
  }

  private void readBackend() throws IOException {
    if (toClient.hasRemaining()) {
      return;
    }
    toClient.clear();
    int n = backend.read(toClient);
    toClient.flip();
    if (n < 0) {
      backendDone = true;
    } else if (n > 0) {
      answered = true;
    }
  }

  private void writeBoth(long now) throws IOException {
    if (backend.isConnected() && toBackend.hasRemaining()) {
      backend.write(toBackend);
    }
    if (toClient.hasRemaining()) {
      int n = client.write(toClient);
      stalledSince = toClient.hasRemaining() ? (n > 0 || stalledSince == 0 ? now : stalledSince) : 0;
    }
    if (backendDone && !toClient.hasRemaining()) {
      close();
    }
  }

  private void interests() {
    if (state != State.RELAY) {
      return;
    }
    int c = (toBackend.hasRemaining() ? 0 : SelectionKey.OP_READ) | (toClient.hasRemaining() ? SelectionKey.OP_WRITE : 0);
    clientKey.interestOps(c);
    if (backend.isConnected()) {
      backendKey.interestOps((toClient.hasRemaining() || backendDone ? 0 : SelectionKey.OP_READ)
          | (toBackend.hasRemaining() ? SelectionKey.OP_WRITE : 0));
    }
  }

  /**
   * Why this link should be dropped at {@code now}, or null: a head not complete within the
   * header timeout, a body that stopped coming before any answer, an answer the client stopped taking.
   */
  String expired(long now, ConnectionGuard.Limits limits) {
    if (state == State.HEAD) {
      return now - acceptedNanos > limits.headerTimeout().toNanos() ? "head" : null;
    }
    if (state == State.RELAY && !answered && bodyLeft != 0 && now - lastClientByte > limits.idleTimeout().toNanos()) {
      return "body";
    }
    if (stalledSince != 0 && now - stalledSince > limits.idleTimeout().toNanos()) {
      return "reader";
    }
    return null;
  }

  /** Answers {@code answer} as far as the socket takes it at once, then closes: the guard never waits on a client. */
  void refuse(byte[] answer) {
    try {
      client.write(ByteBuffer.wrap(answer));
    } catch (IOException e) {
      // Closed below either way.
    }
    close();
  }

  void close() {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    guard.closed(this);
    closeQuietly(client);
    if (backend != null) {
      closeQuietly(backend);
    }
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing more to free.
    }
  }
}
