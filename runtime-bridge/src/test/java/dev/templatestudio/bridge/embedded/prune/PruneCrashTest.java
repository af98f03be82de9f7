package dev.templatestudio.bridge.embedded.prune;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.embedded.store.CacheIndex;
import dev.templatestudio.bridge.embedded.store.Store;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A prune killed (SIGKILL) at different moments leaves a store whose every cache entry still
 * has its layer's blob, whose every layer dir is whole, and which the next prune cleans up.
 */
@Timeout(300)
class PruneCrashTest {
  private static final int ENTRIES = 40;
  private static final int FILES = 150;
  @TempDir Path tmp;

  /** {@code ENTRIES} cache entries, each with a blob and a layer dir of {@code FILES} files, named by no template. */
  private Store storeFullOfCache(Path dir) throws Exception {
    Store store = Store.open(dir);
    for (int i = 0; i < ENTRIES; i++) {
      String diffId = store.blobs().put(("layer " + i + "\n").repeat(1000).getBytes(StandardCharsets.UTF_8));
      Path layer = Files.createDirectories(store.layers().path(diffId));
      for (int f = 0; f < FILES; f++) {
        Files.writeString(layer.resolve("f" + f), "x");
      }
      String key = "sha256:" + String.format("%064x", i + 1);
      store.cache().put(key, new CacheIndex.Entry(diffId, 6000, null, "RUN make " + i));
    }
    return store;
  }

  private static long count(Path dir, String glob) {
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(p -> p.getFileSystem().getPathMatcher("glob:" + glob).matches(p.getFileName())).count();
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  @Test
  void aPruneKilledAnywhereLeavesTheStoreWholeAndTheNextPruneFinishesIt() throws Exception {
    // Kill points, watched from here while the prune runs: as it removes the cache entries, as it
    // moves the layers out of place, as it deletes them.
    List<java.util.function.Predicate<Path>> when = List.of(
        dir -> count(dir.resolve("cache"), "*.json") < ENTRIES,
        dir -> count(dir.resolve("work"), "prune-*") > 0,
        dir -> count(dir.resolve("layers"), "*") < ENTRIES / 2,
        dir -> count(dir.resolve("layers"), "*") == 0);
    List<String> states = new ArrayList<>();
    for (int i = 0; i < when.size(); i++) {
      Path dir = tmp.resolve("store-" + i);
      Store store = storeFullOfCache(dir);
      Process prune = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), PruneMain.class.getName(), dir.toString())
          .redirectErrorStream(true).start();
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (prune.isAlive() && !when.get(i).test(dir) && System.nanoTime() < deadline) {
          Thread.sleep(1);
        }
      } finally {
        prune.destroyForcibly();
        assertThat(prune.waitFor(20, TimeUnit.SECONDS)).isTrue();
      }
      states.add(store.cache().keys().size() + " entries, " + store.layers().diffIds().size() + " layers, "
          + count(dir.resolve("work"), "prune-*") + " scratch");

      for (String key : store.cache().keys()) {
        String diffId = store.cache().get(key).orElseThrow().diffId();
        assertThat(store.blobs().has(diffId)).as("the blob of a cache entry that stayed").isTrue();
      }
      for (String diffId : store.layers().diffIds()) {
        try (Stream<Path> files = Files.list(store.layers().path(diffId))) {
          assertThat(files.count()).as("a layer dir left in place is whole").isEqualTo(FILES);
        }
      }

      new StorePruner(store).prune(PruneOptions.everything(), null, () -> { });
      assertThat(store.cache().keys()).isEmpty();
      assertThat(store.layers().diffIds()).isEmpty();
      try (Stream<Path> blobs = Files.list(dir.resolve("blobs/sha256")); Stream<Path> work = Files.list(dir.resolve("work"))) {
        assertThat(blobs).isEmpty();
        assertThat(work).isEmpty();
      }
    }
    System.out.println("left by each killed prune: " + states);
    assertThat(states).as("kills that landed midway").anyMatch(st -> !st.startsWith(ENTRIES + " entries, " + ENTRIES)
        && !st.startsWith("0 entries, 0 layers, 0"));
  }
}
