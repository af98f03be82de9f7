package dev.templatestudio.bridge.embedded.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.templatestudio.bridge.embedded.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A push reads a layer kept as its tree by ranges: in order from one stream, back by making it again. */
class BlobReaderTest {
  @TempDir Path tmp;

  private String madeLayer(Store store) throws Exception {
    Path upper = Files.createDirectories(store.root().resolve("work/upper"));
    byte[] data = new byte[5 << 20];
    new Random(3).nextBytes(data);
    Files.write(upper.resolve("data.bin"), data);
    Files.writeString(upper.resolve("small"), "small\n");
    return store.blobs().adoptTree(upper, Instant.EPOCH);
  }

  private static byte[] range(BlobReader reader, long from, long to) throws Exception {
    Buffer sink = new Buffer();
    reader.copy(from, to, sink);
    return sink.readByteArray();
  }

  @Test
  void rangesInOrderAndAResentOneGiveTheBlobsBytes() throws Exception {
    Store store = Store.open(tmp);
    String digest = madeLayer(store);
    byte[] whole = store.blobs().read(digest);
    try (BlobReader reader = new BlobReader(store.blobs(), digest)) {
      assertThat(reader.size()).isEqualTo(whole.length);
      long mb = 1 << 20;
      assertThat(range(reader, 0, mb)).isEqualTo(Arrays.copyOfRange(whole, 0, (int) mb));
      assertThat(range(reader, 2 * mb, 3 * mb)).as("skipping ahead").isEqualTo(Arrays.copyOfRange(whole, (int) (2 * mb), (int) (3 * mb)));
      assertThat(range(reader, mb, 2 * mb)).as("back: made again").isEqualTo(Arrays.copyOfRange(whole, (int) mb, (int) (2 * mb)));
      assertThat(range(reader, 2 * mb, whole.length)).isEqualTo(Arrays.copyOfRange(whole, (int) (2 * mb), whole.length));
    }
  }

  @Test
  void aRangeWhoseSinkBrokeIsSentWholeTheNextTime() throws Exception {
    Store store = Store.open(tmp);
    String digest = madeLayer(store);
    byte[] whole = store.blobs().read(digest);
    int mb = 1 << 20;
    // A connection that breaks at its first write, as a registry's did when a proxy cut it.
    okio.BufferedSink broken = okio.Okio.buffer(new okio.Sink() {
      @Override
      public void write(Buffer source, long byteCount) throws java.io.IOException {
        throw new java.io.IOException("Broken pipe");
      }

      @Override
      public void flush() {}

      @Override
      public okio.Timeout timeout() {
        return okio.Timeout.NONE;
      }

      @Override
      public void close() {}
    });
    try (BlobReader reader = new BlobReader(store.blobs(), digest)) {
      assertThat(range(reader, 0, mb)).isEqualTo(Arrays.copyOfRange(whole, 0, mb));
      assertThatThrownBy(() -> reader.copy(mb, 2 * mb, broken)).hasMessage("Broken pipe");
      assertThat(range(reader, mb, 2 * mb)).as("the same range again").isEqualTo(Arrays.copyOfRange(whole, mb, 2 * mb));
      assertThat(range(reader, 2 * mb, whole.length)).isEqualTo(Arrays.copyOfRange(whole, 2 * mb, whole.length));
    }
  }

  @Test
  void theLastRangeOfADamagedLayerFailsBeforeTheUploadIsCommitted() throws Exception {
    Store store = Store.open(tmp);
    String digest = madeLayer(store);
    long size = store.blobs().size(digest);
    Files.writeString(store.layers().path(digest).resolve("small"), "SMALL\n");
    try (BlobReader reader = new BlobReader(store.blobs(), digest)) {
      range(reader, 0, size / 2);
      assertThatThrownBy(() -> range(reader, size / 2, size)).hasMessageStartingWith("the store is damaged: layer " + digest);
    }
  }
}
