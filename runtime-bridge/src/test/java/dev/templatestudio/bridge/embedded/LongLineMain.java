package dev.templatestudio.bridge.embedded;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.template.RunStep;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A step that prints one line of {@code MEGABYTES} MB, in its own JVM (started with a small heap
 * by {@link BuildFaultTest}): {@code LongLineMain STORE MEGABYTES} prints how the build ended and
 * the length of each output line.
 */
public final class LongLineMain {
  private LongLineMain() {}

  public static void main(String[] args) throws Exception {
    Store store = Store.open(Path.of(args[0]));
    try (EmbeddedRuntime rt = new EmbeddedRuntime(store)) {
      BuildHandle h = rt.build(BuildRequest.of(EngineFixture.template("long-line", new RunStep(
          "head -c " + (Long.parseLong(args[1]) << 20) + " /dev/zero | tr -c x x; echo; echo done")), null));
      BuildEvent end = h.result().get(120, TimeUnit.SECONDS);
      System.out.println("ended " + end.status() + ": " + end.message());
      for (BuildEvent e : h.events().after(0)) {
        if (BuildEvent.LOG.equals(e.kind()) && e.step() == 1) {
          System.out.println("line of " + e.message().length() + " ending " + e.message().substring(Math.max(0,
              e.message().length() - 3)));
        }
      }
      System.out.flush();
      System.exit(0);
    }
  }
}
