package dev.templatestudio.bridge.embedded;

import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.template.RunStep;
import java.nio.file.Path;

/**
 * A build in its own JVM, for the SIGKILL and cross-process tests:
 * {@code BuildMain STORE CONTEXT MARKER [NAME COMMAND]} builds a template whose second step
 * prints "started" and sleeps (or runs COMMAND), printing each event kind on stdout; exits 0
 * when the build is ready.
 */
public final class BuildMain {
  private BuildMain() {}

  public static void main(String[] args) throws Exception {
    Store store = Store.open(Path.of(args[0]));
    try (EmbeddedRuntime rt = new EmbeddedRuntime(store)) {
      String name = args.length > 3 ? args[3] : "killed";
      String command = args.length > 4 ? args[4] : "echo started; sleep 30 # " + args[2];
      BuildHandle h = rt.build(BuildRequest.of(EngineFixture.template(name,
          new RunStep("echo one > /one"), new RunStep(command)), Path.of(args[1])));
      h.events().subscribe(0, e -> {
        System.out.println(e.kind() + " " + (e.message() == null ? "" : e.message()));
        System.out.flush();
      });
      System.exit("ready".equals(h.result().join().status()) ? 0 : 1);
    }
  }
}
