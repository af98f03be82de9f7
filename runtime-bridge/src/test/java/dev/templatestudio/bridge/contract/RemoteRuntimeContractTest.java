package dev.templatestudio.bridge.contract;

import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.runtimes.Runtimes;
import dev.templatestudio.bridge.embedded.BusyboxFixture;
import dev.templatestudio.bridge.embedded.EngineFixture;
import dev.templatestudio.bridge.remote.ServeFixture;
import dev.templatestudio.bridge.template.Base;
import java.nio.file.Path;

/**
 * The runtime contract on the remote runtime: a real {@code serve} on loopback over a store
 * holding the busybox template, reached over HTTP with its token.
 */
class RemoteRuntimeContractTest extends RuntimeContract {
  private ServeFixture serve;

  @Override
  Runtime open(Path dir) throws Exception {
    BusyboxFixture.require();
    serve = ServeFixture.start(EngineFixture.storeWithBusybox(dir));
    return Runtimes.open(serve.url(), null, ServeFixture.TOKEN);
  }

  @Override
  void stopHost() throws Exception {
    if (serve != null) {
      serve.close();
      Leftovers.assertNoneInStore(serve.store.root(), null);
    }
  }

  @Override
  Base base() {
    return EngineFixture.BUSYBOX;
  }

  /** The server builds with the embedded runtime, which misses on a name's first build. */
  @Override
  String firstBuildBaseOutcome() {
    return "first build";
  }

  @Override
  void assertNothingLeft(String marker) throws Exception {
    Leftovers.assertNoneInStore(serve.store.root(), marker);
  }

  /** The server's store: builds, their events, contexts and layers. */
  @Override
  Path keptFiles() {
    return serve.store.root();
  }

  /** A run on the server (POST /v1/runs) carries no input: the command gets none. */
  @Override
  boolean passesInput() {
    return false;
  }
}
