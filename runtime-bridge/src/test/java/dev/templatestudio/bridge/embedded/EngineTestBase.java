package dev.templatestudio.bridge.embedded;


import dev.templatestudio.bridge.embedded.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every real-build test starts from: a store holding the busybox base template, an
 * embedded runtime on it and an empty context folder; afterwards the runtime is closed and no
 * mount of the store is left on the host. Subclasses add their own files in a
 * {@code @BeforeEach} of their own (it runs after this one).
 */
abstract class EngineTestBase {
  @TempDir Path tmp;
  Store store;
  EmbeddedRuntime rt;
  Path ctx;

  @BeforeEach
  void startEngine() throws Exception {
    BusyboxFixture.require();
    store = EngineFixture.storeWithBusybox(tmp);
    rt = new EmbeddedRuntime(store);
    ctx = Files.createDirectories(tmp.resolve("ctx"));
  }

  @AfterEach
  void stopEngine() throws Exception {
    if (rt != null) {
      rt.close();
      EngineFixture.assertNothingLeft(store.root(), null);
    }
  }
}
