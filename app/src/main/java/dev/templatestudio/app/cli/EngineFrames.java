package dev.templatestudio.app.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The frames between the thin client ({@link EngineClient}) and the local engine
 * ({@link EngineServer}) on the engine's unix socket: a type byte, a length, the bytes. JDK only,
 * as the client loads it. The client sends one {@link #REQUEST}, then its stdin
 * ({@link #STDIN}, {@link #STDIN_END}) and {@link #CANCEL} on Ctrl+C; the engine answers
 * {@link #DECLINED} or {@link #ACCEPTED}, then {@link #STDOUT}, {@link #STDERR} and last
 * {@link #EXIT}.
 */
final class EngineFrames {
  static final byte REQUEST = 'Q';
  static final byte STDIN = 'I';
  static final byte STDIN_END = 'E';
  static final byte CANCEL = 'C';
  static final byte DECLINED = 'D';
  static final byte ACCEPTED = 'A';
  static final byte STDOUT = 'O';
  static final byte STDERR = 'R';
  static final byte EXIT = 'X';
  /** From a {@code serve} of the user's own that wants the store: end when nothing is held. */
  static final byte STEP_ASIDE = 'S';
  /** A request holds argv and the environment; a larger one is refused, as any longer frame. */
  static final int MAX_FRAME = 4 << 20;
  static final int CHUNK = 64 << 10;

  private EngineFrames() {}

  /** The engine's socket in the store, beside the local daemon's API socket. */
  static Path socket(Path store) {
    return store.toAbsolutePath().normalize().resolve("serve").resolve("engine.sock");
  }

  /** A frame as read: its type and bytes. */
  record Frame(byte type, byte[] body) {}

  /** What the client asks: its program's identity, folder, file-name charset, argv and environment. */
  record Request(String identity, String cwd, String charset, List<String> args, Map<String, String> env) {
    byte[] encode() throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      writeString(out, identity);
      writeString(out, cwd);
      writeString(out, charset);
      out.writeInt(args.size());
      for (String a : args) {
        writeString(out, a);
      }
      out.writeInt(env.size());
      for (Map.Entry<String, String> e : env.entrySet()) {
        writeString(out, e.getKey());
        writeString(out, e.getValue());
      }
      return bytes.toByteArray();
    }

    static Request decode(byte[] body) throws IOException {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
      String identity = readString(in);
      String cwd = readString(in);
      String charset = readString(in);
      List<String> args = new ArrayList<>();
      for (int n = count(in); n > 0; n--) {
        args.add(readString(in));
      }
      Map<String, String> env = new LinkedHashMap<>();
      for (int n = count(in); n > 0; n--) {
        env.put(readString(in), readString(in));
      }
      return new Request(identity, cwd, charset, args, env);
    }
  }

  static void write(OutputStream out, byte type, byte[] body, int off, int len) throws IOException {
    // One write a frame: one system call on the socket.
    byte[] frame = new byte[5 + len];
    frame[0] = type;
    frame[1] = (byte) (len >>> 24);
    frame[2] = (byte) (len >>> 16);
    frame[3] = (byte) (len >>> 8);
    frame[4] = (byte) len;
    System.arraycopy(body, off, frame, 5, len);
    synchronized (out) {
      out.write(frame);
      out.flush();
    }
  }

  static void write(OutputStream out, byte type, byte[] body) throws IOException {
    write(out, type, body, 0, body.length);
  }

  /** The next frame, or null at the end of the stream. */
  static Frame read(DataInputStream in) throws IOException {
    int type = in.read();
    if (type < 0) {
      return null;
    }
    int len = in.readInt();
    if (len < 0 || len > MAX_FRAME) {
      throw new IOException("a frame of " + len + " bytes");
    }
    byte[] body = new byte[len];
    in.readFully(body);
    return new Frame((byte) type, body);
  }

  static byte[] exitBody(int code) {
    return new byte[] {(byte) (code >>> 24), (byte) (code >>> 16), (byte) (code >>> 8), (byte) code};
  }

  static int exitCode(byte[] body) throws IOException {
    return new DataInputStream(new ByteArrayInputStream(body)).readInt();
  }

  /**
   * What this program is: the Java it runs on and each class path entry's path, size and time.
   * An engine of another build (the jar rebuilt since it started) declines, so a command never
   * runs on code other than the client's.
   */
  static String identity() {
    StringBuilder id = new StringBuilder(System.getProperty("java.home"));
    // Each file once: jpackage's launcher names every jar of lib/ on the class path as well, and
    // must be the same program as `-cp template-studio.jar` (the package's thin client).
    Set<Path> seen = new HashSet<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry).toAbsolutePath();
      describe(id, p, seen);
      // The packaged jar names its libraries (the bridge among them) in lib/ beside it.
      File[] libs = p.getParent() == null || !entry.endsWith(".jar") ? null : p.getParent().resolve("lib").toFile().listFiles();
      if (libs != null) {
        Arrays.sort(libs);
        for (File lib : libs) {
          describe(id, lib.toPath(), seen);
        }
      }
    }
    return id.toString();
  }

  private static void describe(StringBuilder id, Path p, Set<Path> seen) {
    if (!seen.add(p)) {
      return;
    }
    id.append('\n').append(p);
    try {
      id.append(' ').append(Files.size(p)).append(' ').append(Files.getLastModifiedTime(p).toMillis());
    } catch (IOException e) {
      id.append(" ?");
    }
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(DataInputStream in) throws IOException {
    int len = count(in);
    byte[] b = new byte[len];
    in.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  private static int count(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > MAX_FRAME) {
      throw new EOFException("a count of " + n);
    }
    return n;
  }

  /**
   * The socket's reading side as a stream. Not {@code Channels.newInputStream}: its streams of a
   * socket channel hold the channel's blocking lock while they wait, so a blocked read would stop
   * every write the other way (stdin while output comes, output while stdin is awaited).
   */
  static InputStream in(SocketChannel channel) {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return len == 0 ? 0 : channel.read(ByteBuffer.wrap(b, off, len));
      }
    };
  }

  /** The socket's writing side as a stream, apart from its reading side (see {@link #in}). */
  static OutputStream out(SocketChannel channel) {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b, off, len);
        // A write on an interrupted thread would close the channel (it is interruptible): the
        // engine interrupts a cancelled run's thread, whose last words must still reach the client.
        boolean interrupted = Thread.interrupted();
        try {
          while (buf.hasRemaining()) {
            channel.write(buf);
          }
        } finally {
          if (interrupted) {
            Thread.currentThread().interrupt();
          }
        }
      }
    };
  }

  /** Reads {@link #CHUNK}s of {@code in} into frames of {@code type} until its end. */
  static void pump(InputStream in, OutputStream out, byte type) throws IOException {
    byte[] buf = new byte[CHUNK];
    int n;
    while ((n = in.read(buf)) >= 0) {
      if (n > 0) {
        write(out, type, buf, 0, n);
      }
    }
  }
}
