package dev.templatestudio.bridge.embedded.layer;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a stream (a gzip decompressor, usually) on a second thread, 1 MB ahead, so that
 * inflating a layer and writing its files use two cores. Failures of the source surface on
 * the next read. {@link #close()} stops the reader thread and closes the source. One
 * consumer thread.
 */
final class PrefetchingInputStream extends InputStream {
  private static final int CHUNK = 1 << 20;
  private static final int DEPTH = 4;

  private final BlockingQueue<Chunk> ready = new ArrayBlockingQueue<>(DEPTH);
  private final InputStream source;
  private final Thread reader;
  private volatile boolean closed;
  private Chunk current;
  private int position;
  private boolean ended;

  PrefetchingInputStream(InputStream source) {
    this.source = source;
    this.reader = new Thread(this::fill, "layer-inflate");
    reader.setDaemon(true);
    reader.start();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (current == null || position == current.length) {
      if (ended) {
        return -1;
      }
      try {
        current = ready.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("cancelled");
      }
      position = 0;
      if (current.failure != null) {
        ended = true;
        throw current.failure;
      }
      if (current.length < 0) {
        ended = true;
        return -1;
      }
    }
    int n = Math.min(len, current.length - position);
    System.arraycopy(current.bytes, position, b, off, n);
    position += n;
    return n;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    reader.interrupt();
    ready.clear();
    try {
      reader.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    source.close();
  }

  private void fill() {
    try {
      while (!closed) {
        byte[] bytes = new byte[CHUNK];
        int length = 0;
        int n;
        while (length < CHUNK && (n = source.read(bytes, length, CHUNK - length)) > 0) {
          length += n;
        }
        if (length > 0) {
          ready.put(new Chunk(bytes, length, null));
        }
        if (length < CHUNK) {
          ready.put(new Chunk(null, -1, null));
          return;
        }
      }
    } catch (InterruptedException e) {
      // close() stops the reader; nobody waits for more chunks.
    } catch (IOException e) {
      try {
        ready.put(new Chunk(null, 0, e));
      } catch (InterruptedException stopped) {
        // close() came first.
      }
    }
  }

  private static final class Chunk {
    final byte[] bytes;
    final int length;
    final IOException failure;

    Chunk(byte[] bytes, int length, IOException failure) {
      this.bytes = bytes;
      this.length = length;
      this.failure = failure;
    }
  }
}
