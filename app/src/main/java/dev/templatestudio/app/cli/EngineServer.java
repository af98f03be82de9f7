package dev.templatestudio.app.cli;

import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.server.UnixRelay;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The local engine's door for the thin client ({@link EngineClient}): a unix socket in the store
 * ({@code serve/engine.sock}, mode 0600 and the peer's user checked) on which the local daemon
 * runs {@code build} and {@code run} for a client, in this warm process, with the client's
 * folder, environment, stdin and outputs ({@link EngineFrames}). A command is cancelled as by
 * Ctrl+C when the client sends that or goes away. At most {@link #MAX_CLIENTS} at once.
 */
final class EngineServer implements AutoCloseable {
  static final int MAX_CLIENTS = 32;
  /** The client's stdin buffered here at most, in chunks: past it the client waits. */
  private static final int STDIN_CHUNKS = 64;
  /** How long a cancelled command's exit waits for its cleanup: below the client's 30 s. */
  private static final long CANCEL_MILLIS = 25_000;
  private final Path path;
  private final ServerSocketChannel server;
  private final Store store;
  private final UserPrincipal owner;
  private final BooleanSupplier idle;
  private final Consumer<String> log;
  private final Semaphore slots = new Semaphore(MAX_CLIENTS);
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicLong lastClosed = new AtomicLong(System.currentTimeMillis());
  private volatile boolean closed;

  private EngineServer(Path path, ServerSocketChannel server, Store store, BooleanSupplier idle, Consumer<String> log)
      throws IOException {
    this.path = path;
    this.server = server;
    this.store = store;
    this.owner = Files.getOwner(path);
    this.idle = idle;
    this.log = log;
  }

  /**
   * Answers on {@code path} over {@code store}; {@code idle} says whether the rest of the daemon
   * holds nothing, so that an engine of an older build can end itself when a newer client finds it.
   */
  static EngineServer start(Path path, Store store, BooleanSupplier idle, Consumer<String> log) throws IOException {
    ServerSocketChannel server = UnixRelay.bindOwnerOnly(path, MAX_CLIENTS);
    EngineServer engine;
    try {
      engine = new EngineServer(path, server, store, idle, log);
    } catch (IOException e) {
      server.close();
      throw e;
    }
    Thread accept = new Thread(engine::accept, "engine-accept");
    accept.setDaemon(true);
    accept.start();
    return engine;
  }

  /** How long no client has been connected, in ms (0 while one is). */
  long idleMillis() {
    return open.get() > 0 ? 0 : System.currentTimeMillis() - lastClosed.get();
  }

  private void accept() {
    while (!closed) {
      SocketChannel client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return;
      }
      if (!slots.tryAcquire()) {
        closeQuietly(client);
        continue;
      }
      open.incrementAndGet();
      Thread t = new Thread(() -> {
        try {
          serve(client);
        } finally {
          closeQuietly(client);
          lastClosed.set(System.currentTimeMillis());
          open.decrementAndGet();
          slots.release();
        }
      }, "engine-client");
      t.setDaemon(true);
      t.start();
    }
  }

  private void serve(SocketChannel client) {
    try {
      UnixDomainPrincipal peer = client.getOption(ExtendedSocketOptions.SO_PEERCRED);
      if (!owner.equals(peer.user())) {
        return;
      }
      DataInputStream in = new DataInputStream(new BufferedInputStream(EngineFrames.in(client)));
      OutputStream out = EngineFrames.out(client);
      EngineFrames.Frame first = EngineFrames.read(in);
      if (first != null && first.type() == EngineFrames.STEP_ASIDE) {
        retireIfIdle("a serve of its own asked for the store");
        return;
      }
      if (first == null || first.type() != EngineFrames.REQUEST) {
        return;
      }
      EngineFrames.Request request = EngineFrames.Request.decode(first.body());
      Stdin stdin = new Stdin();
      Invocation invocation = new Invocation(Path.of(request.cwd()), request.env(), stdin, store);
      PrintWriter stdout = new PrintWriter(new FrameOutput(out, EngineFrames.STDOUT, invocation), true);
      PrintWriter stderr = new PrintWriter(new FrameOutput(out, EngineFrames.STDERR, invocation), true);
      EngineCommand.Decision decision = EngineCommand.decide(request, invocation, store.root(), stdout, stderr);
      if (decision.refusal() != null) {
        EngineFrames.write(out, EngineFrames.DECLINED, decision.refusal().getBytes(StandardCharsets.UTF_8));
        if (EngineCommand.stale(request)) {
          retireIfIdle("a client of another build of template-studio came");
        }
        return;
      }
      EngineFrames.write(out, EngineFrames.ACCEPTED, new byte[] {(byte) (decision.readsStdin() ? 1 : 0)});
      Thread reader = new Thread(() -> readClient(in, stdin, invocation), "engine-client-input");
      reader.setDaemon(true);
      reader.start();
      int code;
      try {
        code = EngineCommand.execute(decision, invocation);
      } finally {
        stdin.close();
        // A cancelled run interrupts this thread; the channel would close on the next write.
        Thread.interrupted();
      }
      invocation.awaitCancel(CANCEL_MILLIS);
      stdout.flush();
      stderr.flush();
      EngineFrames.write(out, EngineFrames.EXIT, EngineFrames.exitBody(code));
    } catch (Exception e) {
      // The client went away or spoke out of turn: what the command did is undone by its cancel.
      log.accept("engine: a client's command ended: " + e);
    }
  }

  /** The client's frames after its request: stdin, then Ctrl+C or its going away. */
  private static void readClient(DataInputStream in, Stdin stdin, Invocation invocation) {
    try {
      EngineFrames.Frame f;
      while ((f = EngineFrames.read(in)) != null) {
        if (f.type() == EngineFrames.STDIN) {
          stdin.put(f.body());
        } else if (f.type() == EngineFrames.STDIN_END) {
          stdin.end();
        } else if (f.type() == EngineFrames.CANCEL) {
          invocation.cancel();
        }
      }
    } catch (IOException | InterruptedException e) {
      // As the end of the stream: the client is gone.
    }
    stdin.end();
    invocation.cancel();
  }

  /**
   * Ends this daemon when nothing else holds it: a newer client found an engine of an older
   * build (the next command starts one of the client's build), or a {@code serve} the user
   * started wants the store, which only one serve may use at a time.
   */
  private void retireIfIdle(String why) {
    if (open.get() <= 1 && idle.getAsBoolean()) {
      log.accept("engine: " + why + "; exiting, as nothing is held");
      Thread exit = new Thread(() -> System.exit(0), "engine-retire");
      exit.start();
    }
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(server);
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // A socket file left behind is replaced by the next daemon.
    }
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // Already gone.
    }
  }

  /** One output stream of the command, sent as frames on each flush; a failed send cancels the command. */
  private static final class FrameOutput extends OutputStream {
    private final OutputStream socket;
    private final byte type;
    private final Invocation invocation;
    private final java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();

    FrameOutput(OutputStream socket, byte type, Invocation invocation) {
      this.socket = socket;
      this.type = type;
      this.invocation = invocation;
    }

    @Override
    public synchronized void write(int b) throws IOException {
      buffer.write(b);
      if (buffer.size() >= EngineFrames.CHUNK) {
        flush();
      }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
      buffer.write(b, off, len);
      if (buffer.size() >= EngineFrames.CHUNK) {
        flush();
      }
    }

    @Override
    public synchronized void flush() throws IOException {
      if (buffer.size() == 0) {
        return;
      }
      try {
        // A message names a relative path argument as the client gave it, as without the engine
        // (in the charset the command's PrintWriter wrote).
        byte[] bytes = type == EngineFrames.STDERR
            ? invocation.asGiven(buffer.toString(Charset.defaultCharset())).getBytes(Charset.defaultCharset())
            : buffer.toByteArray();
        EngineFrames.write(socket, type, bytes);
      } catch (IOException e) {
        invocation.cancel();
        throw e;
      } finally {
        buffer.reset();
      }
    }
  }

  /** The client's stdin as the command reads it; closed when the command ends, dropping the rest. */
  private static final class Stdin extends InputStream {
    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(STDIN_CHUNKS);
    private byte[] current;
    private int pos;
    private volatile boolean ended;
    private volatile boolean closed;

    void put(byte[] chunk) throws InterruptedException {
      while (!closed && chunk.length > 0 && !chunks.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
        // Full: the command has not read it yet.
      }
    }

    void end() {
      ended = true;
    }

    @Override
    public void close() {
      closed = true;
    }

    @Override
    public synchronized int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      try {
        while (current == null || pos == current.length) {
          if (ended && chunks.isEmpty() || closed) {
            return -1;
          }
          current = chunks.poll(100, TimeUnit.MILLISECONDS);
          pos = 0;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while reading the client's stdin");
      }
      int n = Math.min(len, current.length - pos);
      System.arraycopy(current, pos, b, off, n);
      pos += n;
      return n;
    }
  }
}
