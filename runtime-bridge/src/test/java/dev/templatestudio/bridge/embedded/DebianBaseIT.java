package dev.templatestudio.bridge.embedded;

import static dev.templatestudio.bridge.embedded.EngineFixture.assertReady;
import static dev.templatestudio.bridge.embedded.EngineFixture.cacheOutcomes;
import static dev.templatestudio.bridge.embedded.EngineFixture.events;
import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.embedded.export.RootfsExporter;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.Ready;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Start;
import dev.templatestudio.bridge.template.Template;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Debian base (DebianFixture's bookworm minbase, from a Debian mirror): apt-get installs
 * packages in a step (dpkg wants a pty and setuid drops to _apt, under the sandbox's Docker
 * capabilities), the result runs a Python web server that gets ready on its port, and its
 * rootfs export holds what apt installed. The apt step's layer has dangling and absolute
 * symlinks (usr/share/doc/git/contrib/subtree/COPYING …), which the layer writer keeps as links.
 */
class DebianBaseIT {
  @TempDir Path tmp;
  Store store;
  EmbeddedRuntime rt;

  @BeforeEach
  void engine() throws Exception {
    dev.templatestudio.bridge.embedded.layer.HostRequirements.requireRoot("the sandbox mounts overlayfs");
    store = Store.open(tmp.resolve("store"));
    rt = new EmbeddedRuntime(store);
  }

  @AfterEach
  void stop() throws Exception {
    if (rt != null) {
      rt.close();
      EngineFixture.assertNothingLeft(store.root(), null);
    }
  }

  private BuildHandle build(Template t, Path ctx) throws Exception {
    BuildHandle h = rt.build(BuildRequest.of(t, ctx));
    h.result().get(20, TimeUnit.MINUTES);
    return h;
  }

  @Test
  void aptInstallsOnBookwormAndTheResultServesRunsAndExports() throws Exception {
    long fixtureStart = System.nanoTime();
    Path tar = DebianFixture.bookwormTar();
    double fixtureSeconds = (System.nanoTime() - fixtureStart) / 1e9;
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Template t = Template.of(Base.image("rootfs:" + tar), List.of(
        new RunStep("apt-get update && apt-get install -y --no-install-recommends git curl python3"),
        new RunStep("git --version && python3 --version")))
        .withName("debian-tools")
        .withStart(new Start("mkdir -p /srv && cd /srv && echo hello > index.html && exec python3 -m http.server "
            + port + " --bind 127.0.0.1", new Ready.Port(port, 60)));
    Path ctx = Files.createDirectories(tmp.resolve("ctx"));

    long buildStart = System.nanoTime();
    BuildHandle first = build(t, ctx);
    double buildSeconds = (System.nanoTime() - buildStart) / 1e9;
    String ref = assertReady(first);
    String log = EngineFixture.logText(first);
    assertThat(log).contains("git version 2.", "Python 3.").doesNotContain("Is /dev/pts mounted?");
    assertThat(events(first, BuildEvent.READY)).hasSize(1);
    assertThat(events(first, BuildEvent.READY).get(0).message()).startsWith("port " + port + " answered after");

    List<String> out = new CopyOnWriteArrayList<>();
    assertThat(rt.run(ref, List.of("/bin/sh", "-c", "git --version; python3 -c 'print(6 * 7)'; curl --version"),
        (stream, line) -> out.add(line))).as("%s", out).isZero();
    assertThat(out).anyMatch(l -> l.startsWith("git version 2.")).contains("42")
        .anyMatch(l -> l.startsWith("curl 7."));

    long rebuildStart = System.nanoTime();
    BuildHandle again = build(t, ctx);
    double rebuildSeconds = (System.nanoTime() - rebuildStart) / 1e9;
    assertThat(assertReady(again)).isEqualTo(ref);
    assertThat(cacheOutcomes(again)).isNotEmpty().doesNotContain("miss");

    Path rootfs = tmp.resolve("export.tar");
    String digest = store.templates().read("debian-tools").orElseThrow().manifestDigest();
    RootfsExporter.exportTar(store.blobs(), digest, rootfs);
    Process list = new ProcessBuilder("tar", "-tvf", rootfs.toString()).redirectErrorStream(true).start();
    String listing = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(list.waitFor()).isZero();
    assertThat(listing.lines()).anyMatch(l -> l.endsWith(" usr/bin/git") || l.endsWith(" ./usr/bin/git"))
        .anyMatch(l -> l.contains("usr/share/doc/git/contrib/subtree/COPYING ->"));
    System.out.printf("DebianBaseIT: fixture %.1f s, apt build %.1f s, cached rebuild %.1f s%n", fixtureSeconds,
        buildSeconds, rebuildSeconds);
  }
}
