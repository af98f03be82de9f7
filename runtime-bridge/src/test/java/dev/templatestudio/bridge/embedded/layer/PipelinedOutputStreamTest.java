package dev.templatestudio.bridge.embedded.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PipelinedOutputStreamTest {
  @Test
  void bytesArriveInOrderWhateverTheWriteSizes() throws IOException {
    for (int size : new int[] {0, 1, 1 << 20, (5 << 20) + 123}) {
      byte[] data = new byte[size];
      new Random(size).nextBytes(data);
      ByteArrayOutputStream target = new ByteArrayOutputStream();
      PipelinedOutputStream pipe = new PipelinedOutputStream(target);
      Random cuts = new Random(7);
      for (int off = 0; off < size; ) {
        int n = Math.min(size - off, 1 + cuts.nextInt(300_000));
        pipe.write(data, off, n);
        off += n;
      }
      pipe.finish();
      assertThat(target.toByteArray()).as("size %d", size).isEqualTo(data);
    }
  }

  @Test
  void aFailingTargetFailsTheWriter() {
    OutputStream broken = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("disk full");
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        throw new IOException("disk full");
      }
    };
    PipelinedOutputStream pipe = new PipelinedOutputStream(broken);
    byte[] chunk = new byte[1 << 20];

    assertThatThrownBy(() -> {
      for (int i = 0; i < 10; i++) {
        pipe.write(chunk, 0, chunk.length);
      }
      pipe.finish();
    }).isInstanceOf(IOException.class).hasMessage("disk full");
    pipe.abort();
  }
}
