package dev.templatestudio.bridge.embedded;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.template.RunStep;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A build too large for its JVM's heap, in its own JVM (started with a small heap by
 * {@link BuildFaultTest}): {@code OutOfMemoryMain STORE MEGABYTES} builds a template whose run
 * step's command is that long, and prints how the build ended, or "no end" after a minute.
 */
public final class OutOfMemoryMain {
  private OutOfMemoryMain() {}

  public static void main(String[] args) throws Exception {
    Store store = Store.open(Path.of(args[0]));
    try (EmbeddedRuntime rt = new EmbeddedRuntime(store)) {
      String command = "true #" + "x".repeat(Integer.parseInt(args[1]) << 20);
      BuildHandle h = rt.build(BuildRequest.of(EngineFixture.template("huge", new RunStep(command)), null));
      command = null;
      try {
        BuildEvent end = h.result().get(60, TimeUnit.SECONDS);
        System.out.println("ended " + end.status() + ": " + end.message());
      } catch (TimeoutException e) {
        System.out.println("no end");
      }
      System.out.flush();
      System.exit(0);
    }
  }
}
