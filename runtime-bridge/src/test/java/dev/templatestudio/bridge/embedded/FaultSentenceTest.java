package dev.templatestudio.bridge.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.junit.jupiter.api.Test;

/** An unexpected fault of a build in words: the file and what happened, no Java class name. */
class FaultSentenceTest {
  @Test
  void saysWhatHappenedToWhichFileWithoutClassNames() {
    assertThat(FaultSentence.of(new NoSuchFileException("/s/layers/ab"))).isEqualTo("no such file or folder: /s/layers/ab");
    assertThat(FaultSentence.of(new UncheckedIOException(new NotDirectoryException("/r"))))
        .isEqualTo("not a folder: /r");
    assertThat(FaultSentence.of(new IOException("not a directory: /tmp/rootfs"))).isEqualTo("not a directory: /tmp/rootfs");
    assertThat(FaultSentence.of(new IOException(new IllegalStateException("stream closed"))))
        .isEqualTo("stream closed");
    assertThat(FaultSentence.of(new NullPointerException())).isEqualTo("an unexpected internal error");
    assertThat(FaultSentence.of(new IOException("first line\n at [Source: x]"))).isEqualTo("first line");
  }
}
