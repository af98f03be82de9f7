package dev.templatestudio.bridge.embedded.layer;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The tar {@link LayerWriter} makes of a tree, read as a stream: the writer runs on a thread of
 * its own and hands its output over in chunks through a short queue, so a layer kept only as
 * its unpacked files can be exported, pushed or unpacked elsewhere without a tar on disk.
 * Closing the stream before its end stops the writer and waits for it. One reader thread.
 */
public final class LayerTarStream extends InputStream {
  private static final int CHUNK = 1 << 18;
  private static final int DEPTH = 8;
  private static final byte[] END = new byte[0];

  private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(DEPTH);
  private volatile boolean closed;
  private volatile IOException failure;
  private Thread writer;
  private byte[] chunk;
  private int position;
  private boolean ended;

  private LayerTarStream() {}

  /** The layer tar of {@code dir}, as {@link LayerWriter#write} makes it with {@code clampMtime}. */
  public static InputStream open(Path dir, Instant clampMtime) {
    LayerTarStream stream = new LayerTarStream();
    stream.writer = new Thread(() -> stream.produce(dir, clampMtime), "layer-tar-stream");
    stream.writer.setDaemon(true);
    stream.writer.start();
    return stream;
  }

  private void produce(Path dir, Instant clampMtime) {
    try (OutputStream out = new ChunkOutput()) {
      LayerWriter.writeOnThisThread(dir, out, clampMtime);
    } catch (IOException e) {
      failure = e;
    } catch (RuntimeException e) {
      failure = new IOException(e.getMessage(), e);
    } finally {
      try {
        if (!closed) {
          queue.put(END);
        }
      } catch (InterruptedException e) {
        // Only close() interrupts: the reader is gone and wants no end marker.
      }
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (chunk == null || position == chunk.length) {
      if (ended) {
        return -1;
      }
      try {
        chunk = queue.take();
      } catch (InterruptedException e) {
        close();
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while a layer's tar was made");
      }
      position = 0;
      if (chunk == END) {
        ended = true;
        chunk = null;
        if (failure != null) {
          throw failure;
        }
        return -1;
      }
    }
    int n = Math.min(len, chunk.length - position);
    System.arraycopy(chunk, position, b, off, n);
    position += n;
    return n;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    // The writer (on its own thread, with no pipeline thread of its own: this stream's queue
    // is its hand-over) may wait on a full queue: emptying the queue lets the wait end, and
    // the closed flag makes the next write fail, which ends it. It is waited for, so it does
    // not outlive the stream.
    awaitEnd(writer);
    queue.clear();
  }

  private void awaitEnd(Thread t) {
    while (t.isAlive()) {
      queue.clear();
      try {
        t.join(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Collects the writer's output into chunks for the queue. */
  private final class ChunkOutput extends OutputStream {
    private byte[] buffer = new byte[CHUNK];
    private int length;

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        int n = Math.min(len, CHUNK - length);
        System.arraycopy(b, off, buffer, length, n);
        length += n;
        off += n;
        len -= n;
        if (length == CHUNK) {
          handOver();
        }
      }
    }

    @Override
    public void flush() throws IOException {
      if (length > 0) {
        handOver();
      }
    }

    @Override
    public void close() throws IOException {
      flush();
    }

    private void handOver() throws IOException {
      if (closed) {
        throw new IOException("the reader of the layer's tar has gone");
      }
      byte[] full = length == CHUNK ? buffer : java.util.Arrays.copyOf(buffer, length);
      try {
        queue.put(full);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while a layer's tar was made");
      }
      buffer = new byte[CHUNK];
      length = 0;
    }
  }
}
