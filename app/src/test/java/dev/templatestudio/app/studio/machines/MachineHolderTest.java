package dev.templatestudio.app.studio.machines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.embedded.BusyboxFixture;
import dev.templatestudio.bridge.embedded.EmbeddedRuntime;
import dev.templatestudio.bridge.embedded.bench.BusyboxImage;
import dev.templatestudio.bridge.embedded.layer.HostRequirements;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.Ready;
import dev.templatestudio.bridge.template.Start;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.testing.ProcessArgs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The studio as a holder, on the real embedded runtime: quitting with a warm pool of three and
 * a machine of its own ends every one of them, their processes, work dirs and holder records,
 * (how long that takes is measured for docs/PERFORMANCE.md, not asserted).
 */
class MachineHolderTest {
  @TempDir Path tmp;
  private final MachineHolder holder = new MachineHolder();
  private final String marker = "holder-" + UUID.randomUUID();

  @AfterEach
  void quit() {
    holder.close();
  }

  @Test
  void quittingWithAWarmPoolEndsEveryMachineItHolds() throws Exception {
    BusyboxFixture.require();
    HostRequirements.requireRoot("the sandbox mounts overlayfs");
    Store store = Store.open(tmp.resolve("store"));
    BusyboxImage.seed(store, tmp);
    Path ctx = Files.createDirectories(tmp.resolve("ctx"));
    try (EmbeddedRuntime builder = new EmbeddedRuntime(store)) {
      BuildEvent end = builder.build(BuildRequest.of(Template.of(Base.template("busybox"), List.of()).withName("web")
          .withStart(new Start("touch /tmp/up; sleep 600 # " + marker, new Ready.File("/tmp/up"))), ctx))
          .result().get(2, TimeUnit.MINUTES);
      assertThat(end.status()).as(end.message()).isEqualTo(BuildEvent.STATUS_READY);
    }
    holder.setPool("Embedded", () -> new EmbeddedRuntime(store), "web", 3, null);
    holder.start("Embedded", () -> new EmbeddedRuntime(store), "web");
    for (long until = System.currentTimeMillis() + 120_000; idle() < 3 && System.currentTimeMillis() < until; ) {
      Thread.sleep(50);
    }
    assertThat(idle()).isEqualTo(3);
    assertThat(holder.snapshot().machines()).hasSize(4);

    holder.close();
    assertThat(ProcessArgs.anyContains(marker)).as("every machine's processes ended").isFalse();
    assertThat(entries(store.root().resolve("work"))).as("their work dirs").isEmpty();
    try (Stream<Path> holders = Files.list(store.root().resolve("held"))) {
      for (Path h : holders.toList()) {
        assertThat(entries(h)).as("the holder's records").isEmpty();
      }
    }
    assertThat(holder.snapshot().machines()).isEmpty();
  }

  private int idle() {
    return holder.snapshot().pools().stream().mapToInt(p -> p.info().idle()).sum();
  }

  private static List<String> entries(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).toList();
    }
  }
}
