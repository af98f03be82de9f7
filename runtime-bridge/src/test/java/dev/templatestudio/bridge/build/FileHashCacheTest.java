package dev.templatestudio.bridge.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Remembered hashes by stat stamp, and the racy window that keeps a just-changed file's hash out. */
class FileHashCacheTest {
  @TempDir Path tmp;

  @Test
  void anUnchangedFileIsReadOnceAndAChangedOneAgain() throws Exception {
    Path f = Files.writeString(tmp.resolve("a.txt"), "one\n");
    FileHashCache cache = new FileHashCache(10);
    AtomicInteger reads = new AtomicInteger();
    assertThat(cache.hash(f, () -> "h" + reads.incrementAndGet())).isEqualTo("h1");
    assertThat(cache.hash(f, () -> "h" + reads.incrementAndGet())).isEqualTo("h1");
    Files.writeString(f, "two\n");
    assertThat(cache.hash(f, () -> "h" + reads.incrementAndGet())).isEqualTo("h2");
    assertThat(cache.computed()).isEqualTo(2);
  }

  @Test
  void aFileChangedWithinTheRacyWindowIsReadAgainUntilItIsOlder() throws Exception {
    long window = 3_000_000_000L;
    Path f = Files.writeString(tmp.resolve("a.txt"), "one\n");
    FileHashCache cache = new FileHashCache(10, window);
    AtomicInteger reads = new AtomicInteger();
    cache.hash(f, () -> "h" + reads.incrementAndGet());
    // Same stamp, but a same-size write in the same clock tick would have left it so: read again.
    assertThat(cache.hash(f, () -> "h" + reads.incrementAndGet())).isEqualTo("h2");
    Thread.sleep(window / 1_000_000 + 100);
    assertThat(cache.hash(f, () -> "h" + reads.incrementAndGet())).isEqualTo("h3");
    assertThat(cache.hash(f, () -> "h" + reads.incrementAndGet())).isEqualTo("h3");
    assertThat(cache.computed()).isEqualTo(3);
  }
}
