package dev.templatestudio.app.studio.runtimes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.DirectTaskRunner;
import dev.templatestudio.bridge.embedded.prune.PruneReport;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.embedded.store.StoreGate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Runtime menu's store: its size, what a prune would free (templates only when asked),
 * pruning it, and refusing to while a build uses the store. A real store, pruned for real.
 */
class StoreViewModelTest {
  @TempDir Path home;
  private Store store;
  private String garbage;
  private String manifest;
  private StoreViewModel vm;

  @BeforeEach
  void setUp() throws Exception {
    store = Store.open(home);
    byte[] bytes = new byte[1 << 20];
    new Random(7).nextBytes(bytes);
    garbage = store.blobs().put(bytes);
    Path stale = Files.createDirectories(store.work().dir().resolve("build-crashed"));
    Files.writeString(stale.resolve("upper"), "x".repeat(4096));
    Files.setLastModifiedTime(stale, FileTime.fromMillis(0));
    String config = store.blobs().put("{\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}".getBytes(StandardCharsets.UTF_8));
    manifest = store.blobs().put(("{\"schemaVersion\":2,\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
        + "\"digest\":\"" + config + "\",\"size\":40},\"layers\":[]}").getBytes(StandardCharsets.UTF_8));
    store.templates().publish("kept", List.of("stable"), manifest, 40, "2026-01-01T00:00:00Z");
    vm = new StoreViewModel(home, new DirectTaskRunner());
  }

  @Test
  void measuresPlansAndPrunesWhatNothingUsesButNoTemplate() {
    vm.measure();
    assertThat(vm.sizeTextProperty().get()).matches("Store: 1\\.\\d MB");

    vm.planPrune();
    PruneReport plan = vm.planProperty().get();
    assertThat(plan.lines()).extracting(PruneReport.Line::counted)
        .containsExactlyInAnyOrder("1 blob", "1 scratch dir of a build that died");
    assertThat(store.blobs().has(garbage)).as("planning deletes nothing").isTrue();

    vm.prune();
    assertThat(vm.outcomeProperty().get()).matches("Freed 1\\.0 MB; the store is now (\\d+\\.\\d KB|\\d+ B)\\.");  // bytes on tmpfs, where folders take no 4 KB
    assertThat(store.blobs().has(garbage)).isFalse();
    assertThat(store.blobs().has(manifest)).isTrue();
    assertThat(vm.planProperty().get().isEmpty()).as("planned again after").isTrue();
    assertThat(vm.workingProperty().get()).isFalse();
  }

  @Test
  void templatesGoOnlyWhenAskedFor() {
    vm.allProperty().set(true);
    assertThat(vm.planProperty().get().templates()).containsExactly("kept");
    vm.allProperty().set(false);
    assertThat(vm.planProperty().get().templates()).isEmpty();
  }

  @Test
  void aStoreInUseIsNotPruned() throws Exception {
    StoreGate.Hold build = StoreGate.shared(home, () -> { });
    try {
      vm.prune();
    } finally {
      build.close();
    }
    assertThat(vm.outcomeProperty().get()).isEqualTo("A build or a machine is using the store: prune once it has ended.");
    assertThat(store.blobs().has(garbage)).isTrue();
  }
}
