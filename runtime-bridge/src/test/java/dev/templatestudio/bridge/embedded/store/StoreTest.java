package dev.templatestudio.bridge.embedded.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {
  @TempDir Path tmp;

  @Test
  void locationFollowsTheContractsOrder() {
    assertThat(Store.location("/s", Map.of("TEMPLATE_STUDIO_HOME", "/h"))).isEqualTo(Path.of("/s"));
    assertThat(Store.location(null, Map.of("TEMPLATE_STUDIO_HOME", "/h"))).isEqualTo(Path.of("/h"));
    assertThat(Store.location(null, Map.of("HOME", "/u"))).isEqualTo(Path.of("/u/.local/share/template-studio"));
    assertThat(Store.location(null, Map.of())).isEqualTo(
        Path.of(System.getProperty("user.home"), ".local/share/template-studio"));
  }

  @Test
  void layersUnpackedBeforeOpaqueDirsWereUserXattrsAreDroppedOnceAndUnpackedAgain() throws Exception {
    String old = "sha256:" + "c".repeat(64);
    Path oldLayer = Files.createDirectories(tmp.resolve("layers").resolve("c".repeat(64)).resolve("etc"));
    Store store = Store.open(tmp);
    assertThat(oldLayer.getParent()).doesNotExist();
    assertThat(store.layers().has(old)).isFalse();

    Path again = store.layers().ensure(old, dir -> Files.writeString(dir.resolve("f"), "unpacked again"));
    assertThat(again.resolve("f")).hasContent("unpacked again");
    assertThat(Store.open(tmp).layers().has(old)).as("kept by the next open").isTrue();
  }

  @Test
  void templateIndexKeepsTagsPerManifestAndResolvesEveryForm() throws Exception {
    Store store = Store.open(tmp);
    String a = "sha256:" + "a".repeat(64);
    String b = "sha256:" + "b".repeat(64);
    store.templates().publish("web", List.of("v1"), a, 10, "t1");
    store.templates().publish("web", List.of("v2"), b, 20, "t2");
    assertThat(store.templates().resolve("web").orElseThrow().manifestDigest()).isEqualTo(b);
    assertThat(store.templates().resolve("web:v1").orElseThrow().manifestDigest()).isEqualTo(a);
    assertThat(store.templates().resolve("web@" + a).orElseThrow().ref()).isEqualTo("web@" + a);
    assertThat(store.templates().resolve("web:v3")).isEmpty();
    assertThat(store.templates().resolve("nope")).isEmpty();
    assertThat(store.templates().list()).extracting(t -> t.ref() + " " + t.tags() + " " + t.sizeBytes())
        .containsExactly("web@" + b + " [v2] 20", "web@" + a + " [v1] 10");
  }

  @Test
  void staleWorkDirsOfDeadProcessesAreDeletedLiveOnesKept() throws Exception {
    Store store = Store.open(tmp);
    WorkDirs.WorkDir live = store.work().create("live");
    Path stale = Files.createDirectories(tmp.resolve("work/build-dead"));
    Files.createFile(stale.resolve(".lock"));
    store.work().deleteStale();
    assertThat(stale).doesNotExist();
    assertThat(live.path()).exists();
    live.close();
    assertThat(live.path()).doesNotExist();
  }

  @Test
  void aWorkDirIsLockedBeforeItHasItsNameSoAKilledCreatorLeavesOnlyAStaleStagingDir() throws Exception {
    Store store = Store.open(tmp);
    WorkDirs.WorkDir live = store.work().create("prune");
    assertThat(live.path().getFileName().toString()).startsWith("prune-");
    assertThat(live.path().resolve(".lock")).exists();
    // What a creator killed between making its staging dir and locking it leaves behind.
    Path killed = Files.createDirectories(tmp.resolve("work/.new-prune-123"));
    // A young dir without a lock under its own name may be an older version's build starting.
    Path young = Files.createDirectories(tmp.resolve("work/build-starting"));
    assertThat(store.work().stale()).containsExactly(killed);
    store.work().deleteStale();
    assertThat(killed).doesNotExist();
    assertThat(young).exists();
    assertThat(live.path()).exists();
    live.close();
  }
}
