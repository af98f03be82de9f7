package dev.templatestudio.app.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A log file that never grows past a size for long: a write that would take it past
 * {@code maxBytes} first moves it to {@code FILE.1} (replacing the one before) and starts it
 * anew, between two lines (a line handed over in pieces may pass the size by its rest; one is
 * cut only past twice the size), so at most two files of about {@code maxBytes} each are kept.
 * What {@code serve --log-file} writes, so a local daemon that runs for weeks keeps a bounded
 * log. Appends, so
 * another process appending to the same file (the daemon's starter, for what the JVM says
 * before serve runs) loses nothing. Thread-safe.
 */
final class BoundedLog extends OutputStream {
  /** Where the local daemon's log is moved past (1 MiB): enough for weeks of its lines. */
  static final long MAX_BYTES = 1024 * 1024;
  private final Path file;
  private final Path old;
  private final long maxBytes;
  private FileChannel out;
  private long size;
  /** Whether the file ends with a whole line: it is moved only then. */
  private boolean lineEnded = true;

  BoundedLog(Path file, long maxBytes) throws IOException {
    this.file = file;
    this.old = file.resolveSibling(file.getFileName() + ".1");
    this.maxBytes = maxBytes;
    open();
  }

  private void open() throws IOException {
    out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    size = out.size();
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    if (size > 0 && size + len > maxBytes && (lineEnded || size > 2 * maxBytes)) {
      out.close();
      Files.move(file, old, StandardCopyOption.REPLACE_EXISTING);
      open();
    }
    ByteBuffer buf = ByteBuffer.wrap(b, off, len);
    while (buf.hasRemaining()) {
      out.write(buf);
    }
    size += len;
    if (len > 0) {
      lineEnded = b[off + len - 1] == '\n';
    }
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}
