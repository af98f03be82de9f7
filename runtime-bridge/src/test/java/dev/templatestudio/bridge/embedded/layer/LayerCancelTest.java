package dev.templatestudio.bridge.embedded.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cancelled build interrupts its thread: capture and extraction stop instead of finishing. */
class LayerCancelTest {
  @TempDir Path tmp;

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  @Test
  void captureAndExtractionStopWhenTheThreadIsInterrupted() throws Exception {
    Path tree = Files.createDirectories(tmp.resolve("tree/sub"));
    Files.write(tree.resolve("big"), new byte[3 << 20]);
    byte[] layer = LayerRoundTripTest.write(tmp.resolve("tree"));

    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> LayerWriter.write(tmp.resolve("tree"), OutputStream.nullOutputStream(), Instant.EPOCH))
        .isInstanceOf(InterruptedIOException.class);

    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> LayerExtractor.extract(new ByteArrayInputStream(layer), tmp.resolve("x")))
        .isInstanceOf(InterruptedIOException.class);
    assertThat(tmp.resolve("x/sub/big")).doesNotExist();
  }
}
