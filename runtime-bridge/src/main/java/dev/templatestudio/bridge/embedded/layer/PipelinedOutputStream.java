package dev.templatestudio.bridge.embedded.layer;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Hands writes, in 1 MB chunks, to a second thread that writes them to the target, so that
 * reading and archiving files (this thread) and hashing and storing the tar (the target,
 * usually a digesting file stream) use two cores. {@link #finish()} waits until the target
 * has everything and rethrows its failure. A layer smaller than one chunk never starts the
 * second thread (small step layers are the common case, and a thread hand-off costs
 * milliseconds on a busy machine). Not thread-safe: one producer thread.
 */
final class PipelinedOutputStream extends OutputStream {
  private static final int CHUNK = 1 << 20;
  private static final int DEPTH = 4;
  private static final Chunk END = new Chunk(new byte[0]);

  private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(DEPTH + 1);
  private final BlockingQueue<Chunk> free = new ArrayBlockingQueue<>(DEPTH);
  private final OutputStream target;
  private Thread consumer;
  private int allocated = 1;
  private volatile IOException failure;
  private Chunk current;
  private boolean finished;

  PipelinedOutputStream(OutputStream target) {
    this.target = target;
    current = new Chunk(new byte[CHUNK]);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      int n = Math.min(len, CHUNK - current.length);
      System.arraycopy(b, off, current.bytes, current.length, n);
      current.length += n;
      off += n;
      len -= n;
      if (current.length == CHUNK) {
        handOver();
      }
    }
  }

  /** Waits until the target has received every byte; the target is flushed, not closed. */
  void finish() throws IOException {
    if (finished) {
      return;
    }
    if (consumer == null) {
      finished = true;
      target.write(current.bytes, 0, current.length);
      target.flush();
      return;
    }
    if (current.length > 0) {
      handOver();
    }
    finished = true;
    put(END);
    join();
    if (failure != null) {
      throw failure;
    }
  }

  /** Stops the consumer after a failure on this side; nothing more reaches the target. */
  void abort() {
    if (!finished && consumer == null) {
      finished = true;
    } else if (!finished) {
      finished = true;
      failure = failure != null ? failure : new IOException("aborted");
      full.clear();
      full.offer(END);
      join();
    }
  }

  @Override
  public void close() throws IOException {
    finish();
  }

  private void handOver() throws IOException {
    if (failure != null) {
      throw failure;
    }
    if (consumer == null) {
      consumer = new Thread(() -> drain(target), "layer-tar-sink");
      consumer.setDaemon(true);
      consumer.start();
    }
    put(current);
    if (free.isEmpty() && allocated < DEPTH) {
      allocated++;
      current = new Chunk(new byte[CHUNK]);
      return;
    }
    try {
      current = free.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing a layer");
    }
    current.length = 0;
  }

  private void put(Chunk chunk) throws IOException {
    try {
      full.put(chunk);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing a layer");
    }
  }

  private void join() {
    if (consumer == null) {
      return;
    }
    try {
      consumer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void drain(OutputStream target) {
    try {
      while (true) {
        Chunk chunk = full.take();
        if (chunk == END) {
          break;
        }
        if (failure == null) {
          try {
            target.write(chunk.bytes, 0, chunk.length);
          } catch (IOException e) {
            failure = e;
          }
        }
        free.offer(chunk);
      }
      if (failure == null) {
        target.flush();
      }
    } catch (IOException e) {
      failure = e;
    } catch (InterruptedException e) {
      failure = new InterruptedIOException("interrupted while writing a layer");
    }
  }

  private static final class Chunk {
    final byte[] bytes;
    int length;

    Chunk(byte[] bytes) {
      this.bytes = bytes;
    }
  }
}
