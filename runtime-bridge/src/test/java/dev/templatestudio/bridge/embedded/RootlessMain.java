package dev.templatestudio.bridge.embedded;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.embedded.bench.BusyboxImage;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.Resources;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Template;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Run as an unprivileged user by {@link RootlessBuildTest}: {@code RootlessMain DIR} seeds a
 * store in DIR, builds a template that deletes and writes files, runs a command in it, and
 * prints {@code WARN <message>} for each warning of the build, {@code END <status>} and
 * {@code RUN <code> <output>}, then {@code LIMITED <code> <output>} of a run with a memory limit.
 */
public final class RootlessMain {
  private RootlessMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Store store = Store.open(dir.resolve("store"));
    BusyboxImage.seed(store, dir);
    try (EmbeddedRuntime rt = new EmbeddedRuntime(store)) {
      Template t = Template.of(Base.template("busybox"), List.of(
          new RunStep("echo x > /x; rm /etc/hostname"), new RunStep("cat /x"))).withName("rootless");
      BuildHandle h = rt.build(BuildRequest.of(t, dir));
      BuildEvent end = h.result().get();
      h.events().after(0).stream().filter(e -> "warn".equals(e.level()))
          .forEach(e -> System.out.println("WARN " + e.message()));
      System.out.println("END " + end.status() + " " + (end.message() == null ? "" : end.message()));
      List<String> out = new ArrayList<>();
      int code = rt.run("rootless", List.of("/bin/sh", "-c", "cat /x; ls /etc/hostname 2>&1; id -u"),
          (s, l) -> out.add(l));
      System.out.println("RUN " + code + " " + String.join("|", out));
      out.clear();
      code = rt.run("rootless", List.of("true"), null, new Resources(null, 64), (s, l) -> out.add(l));
      System.out.println("LIMITED " + code + " " + String.join("|", out));
    }
  }
}
