package dev.templatestudio.bridge.embedded.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PrefetchingInputStreamTest {
  @Test
  void bytesArriveInOrderAcrossChunks() throws IOException {
    for (int size : new int[] {0, 1, 1 << 20, (3 << 20) + 7}) {
      byte[] data = new byte[size];
      new Random(size).nextBytes(data);
      ByteArrayOutputStream copy = new ByteArrayOutputStream();
      try (InputStream in = new PrefetchingInputStream(new ByteArrayInputStream(data))) {
        byte[] buffer = new byte[12_345];
        int n;
        while ((n = in.read(buffer)) >= 0) {
          copy.write(buffer, 0, n);
        }
      }
      assertThat(copy.toByteArray()).as("size %d", size).isEqualTo(data);
    }
  }

  @Test
  void aFailingSourceFailsTheReaderAfterTheGoodBytes() throws IOException {
    InputStream broken = new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("corrupt gzip");
      }
    };
    byte[] good = new byte[100];
    try (InputStream in = new PrefetchingInputStream(new SequenceInputStream(new ByteArrayInputStream(good), broken))) {
      assertThatThrownBy(() -> in.readAllBytes()).isInstanceOf(IOException.class).hasMessage("corrupt gzip");
    }
  }

  @Test
  void closingEarlyStopsTheReader() throws IOException {
    InputStream endless = new InputStream() {
      @Override
      public int read() {
        return 1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        return len;
      }
    };
    PrefetchingInputStream in = new PrefetchingInputStream(endless);
    assertThat(in.read(new byte[10])).isEqualTo(10);
    in.close();
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("layer-inflate") && t.isAlive());
  }
}
