package dev.templatestudio.bridge.embedded.image;

import dev.templatestudio.bridge.embedded.store.BlobStore;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * One blob of the store read by ranges in order, as a chunked upload sends it: one stream stays
 * open from chunk to chunk, so a layer kept as its tree is made once for the whole upload; a
 * range that goes back (a resumed or resent chunk) opens it again and skips ahead. After the
 * last byte the stream is read to its end, so a made layer's digest is checked before the
 * upload is committed. One thread at a time.
 */
final class BlobReader implements Closeable {
  private final BlobStore store;
  private final String digest;
  private final long size;
  private InputStream in;
  private long position;

  BlobReader(BlobStore store, String digest) throws IOException {
    this.store = store;
    this.digest = digest;
    this.size = store.size(digest);
  }

  long size() {
    return size;
  }

  /**
   * Writes bytes {@code from} (inclusive) to {@code to} (exclusive) to {@code sink}. A range
   * that fails (the sink broke as the connection went, or the blob could not be read) leaves
   * no stream behind: the bytes it took were read from the stream but not sent, so the next
   * range opens the blob again rather than go on from a stream that is ahead of it.
   */
  void copy(long from, long to, okio.BufferedSink sink) throws IOException {
    if (in == null || position > from) {
      close();
      in = store.open(digest);
      position = 0;
    }
    try {
      while (position < from) {
        // A file's stream seeks; a made tar's reads what it skips.
        long skipped = in.skip(from - position);
        if (skipped <= 0) {
          throw new IOException("blob " + digest + " ended at " + position + " of " + size + " bytes");
        }
        position += skipped;
      }
      byte[] buffer = new byte[1 << 16];
      while (position < to) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, to - position));
        if (n < 0) {
          throw new IOException("blob " + digest + " ended at " + position + " of " + size + " bytes");
        }
        position += n;
        sink.write(buffer, 0, n);
      }
      if (position == size && in.read() >= 0) {
        throw new IOException("blob " + digest + " is longer than its " + size + " bytes");
      }
    } catch (IOException | RuntimeException e) {
      // A broken sink had the bytes of its last write read but not sent: going on from this
      // stream would send the next range shifted by them (a resumed upload then ended short
      // and the registry dropped it, issue 16).
      try {
        close();
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    if (in != null) {
      InputStream open = in;
      in = null;
      open.close();
    }
  }
}
