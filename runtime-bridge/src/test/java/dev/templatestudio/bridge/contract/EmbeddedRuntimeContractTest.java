package dev.templatestudio.bridge.contract;

import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.runtimes.Runtimes;
import dev.templatestudio.bridge.embedded.BusyboxFixture;
import dev.templatestudio.bridge.embedded.EngineFixture;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.template.Base;
import java.nio.file.Path;

/** The runtime contract on the embedded runtime, over a store holding the busybox template. */
class EmbeddedRuntimeContractTest extends RuntimeContract {
  private Store store;

  @Override
  Runtime open(Path dir) throws Exception {
    BusyboxFixture.require();
    store = EngineFixture.storeWithBusybox(dir);
    return Runtimes.open("embedded", store.root());
  }

  @Override
  Base base() {
    return EngineFixture.BUSYBOX;
  }

  /** The embedded runtime keeps a history per template name: a name built for the first time misses. */
  @Override
  String firstBuildBaseOutcome() {
    return "first build";
  }

  @Override
  void assertNothingLeft(String marker) throws Exception {
    Leftovers.assertNoneInStore(store.root(), marker);
  }

  @Override
  void stopHost() throws Exception {
    if (store != null) {
      Leftovers.assertNoneInStore(store.root(), null);
    }
  }

  @Override
  Path keptFiles() {
    return store.root();
  }
}
