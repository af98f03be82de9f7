package dev.templatestudio.bridge.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.templatestudio.bridge.embedded.store.CacheIndex;
import dev.templatestudio.bridge.embedded.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cache entries handed to the writer thread are all on disk when it closes, and a failed one fails the close. */
class CacheWritesTest {
  @TempDir Path tmp;

  private static String key(int i) {
    return "sha256:" + String.format("%064x", i);
  }

  @Test
  void everyEntryIsWrittenByClose() throws Exception {
    Store store = Store.open(tmp.resolve("store"));
    CacheWrites writes = new CacheWrites(store.cache());
    for (int i = 0; i < 20; i++) {
      writes.put(key(i), new CacheIndex.Entry(null, 0, null, "step " + i));
    }
    writes.close();
    for (int i = 0; i < 20; i++) {
      assertThat(store.cache().get(key(i))).get().extracting(CacheIndex.Entry::createdBy).isEqualTo("step " + i);
    }
  }

  @Test
  void aWriteThatFailsFailsTheCloseAndTheOthersAreStillWritten() throws Exception {
    Store store = Store.open(tmp.resolve("store"));
    // A folder where the entry's file goes: its atomic write cannot replace it.
    Files.createDirectories(store.cache().file(key(1)));
    CacheWrites writes = new CacheWrites(store.cache());
    writes.put(key(0), new CacheIndex.Entry(null, 0, null, "zero"));
    writes.put(key(1), new CacheIndex.Entry(null, 0, null, "one"));
    writes.put(key(2), new CacheIndex.Entry(null, 0, null, "two"));
    assertThatThrownBy(writes::close).isInstanceOf(IOException.class).hasMessageContaining("is a folder");
    assertThat(store.cache().get(key(0))).isPresent();
    assertThat(store.cache().get(key(2))).isPresent();
  }
}
