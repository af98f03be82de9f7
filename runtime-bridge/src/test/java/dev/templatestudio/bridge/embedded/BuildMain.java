package dev.templatestudio.bridge.embedded;

import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.template.RunStep;
import java.nio.file.Path;

/**
 * A build in its own JVM, for the SIGKILL test: {@code BuildMain STORE CONTEXT MARKER} builds
 * a template whose second step prints "started" and sleeps, printing each event kind on stdout.
 */
public final class BuildMain {
  private BuildMain() {}

  public static void main(String[] args) throws Exception {
    Store store = Store.open(Path.of(args[0]));
    try (EmbeddedRuntime rt = new EmbeddedRuntime(store)) {
      BuildHandle h = rt.build(BuildRequest.of(EngineFixture.template("killed",
          new RunStep("echo one > /one"), new RunStep("echo started; sleep 30 # " + args[2])), Path.of(args[1])));
      h.events().subscribe(0, e -> {
        System.out.println(e.kind() + " " + (e.message() == null ? "" : e.message()));
        System.out.flush();
      });
      h.result().join();
    }
  }
}
