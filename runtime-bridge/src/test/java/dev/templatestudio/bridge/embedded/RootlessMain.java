package dev.templatestudio.bridge.embedded;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.embedded.bench.BusyboxImage;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.Mount;
import dev.templatestudio.bridge.template.Resources;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Template;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Run as an unprivileged user by {@link RootlessBuildTest}: {@code RootlessMain DIR} seeds a
 * store in DIR, builds a template that deletes and writes files, runs a command in it, and
 * prints {@code WARN <message>} for each warning of the build, the {@code MOUNTS} line its
 * second step printed through its bind, secret and tmpfs mounts, {@code END <status>} and
 * {@code RUN <code> <output>}, then {@code LIMITED <code> <output>} of a run with a memory limit.
 */
public final class RootlessMain {
  private RootlessMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Store store = Store.open(dir.resolve("store"));
    BusyboxImage.seed(store, dir);
    try (EmbeddedRuntime rt = new EmbeddedRuntime(store)) {
      Files.writeString(dir.resolve("bound.txt"), "bound");
      // Every kind of RUN mount, inside the user namespace too.
      Template t = Template.of(Base.template("busybox"), List.of(
          new RunStep("echo x > /x; rm /etc/hostname"), new RunStep("cat /x; echo MOUNTS $(cat /b /run/secrets/S)"
              + " $(ls -A /t | wc -l); echo c > /c/f", null, List.of(Mount.bind("/b", "bound.txt", null),
              Mount.secret("S", null, null), Mount.tmpfs("/t"), Mount.cache("/c")), false))).withName("rootless");
      BuildHandle h = rt.build(new BuildRequest(t, dir, null, null, false, Map.of("S", "s3cret")));
      BuildEvent end = h.result().get();
      h.events().after(0).stream().filter(e -> e.message() != null && e.message().startsWith("MOUNTS"))
          .forEach(e -> System.out.println(e.message()));
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
