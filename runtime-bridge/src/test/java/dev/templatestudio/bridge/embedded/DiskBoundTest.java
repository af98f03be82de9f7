package dev.templatestudio.bridge.embedded;

import static dev.templatestudio.bridge.embedded.EngineFixture.assertReady;
import static dev.templatestudio.bridge.embedded.EngineFixture.build;
import static dev.templatestudio.bridge.embedded.EngineFixture.end;
import static dev.templatestudio.bridge.embedded.EngineFixture.events;
import static dev.templatestudio.bridge.embedded.EngineFixture.template;
import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.io.DiskUsage;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Template;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A build bounded in disk ({@code --max-build-disk-mb}): a RUN step that writes past the bound
 * is stopped, a base whose layer inflates past it is refused (rootfs tar.gz, OCI layout, docker
 * archive), each in one sentence naming the step, and the store is left as it was: no layer,
 * no blob, no scratch dir of the failed build.
 */
@Timeout(180)
class DiskBoundTest extends EngineTestBase {
  private static final long BOUND_MB = 64;
  private EmbeddedRuntime bounded;
  private Set<String> before;

  @BeforeEach
  void boundedRuntime() throws Exception {
    bounded = new EmbeddedRuntime(store, BOUND_MB, "the test's bound");
    // The busybox base unpacked, as any build on it leaves it: that stays, rightly.
    assertReady(build(rt, template("warm", new EnvStep(Map.of("A", "b"))), ctx));
    before = contents();
  }

  @AfterEach
  void closeBounded() {
    bounded.close();
  }

  /** Every layer, blob, scratch dir and temp file of the store. */
  private Set<String> contents() throws Exception {
    Set<String> names = new TreeSet<>();
    for (String dir : List.of("layers", "blobs/sha256", "work", "tmp")) {
      Path d = store.root().resolve(dir);
      if (Files.isDirectory(d)) {
        try (Stream<Path> list = Files.list(d)) {
          list.forEach(p -> names.add(dir + "/" + p.getFileName()));
        }
      }
    }
    return names;
  }

  private void assertLeftAsItWas() throws Exception {
    assertThat(contents()).as("layers, blobs, scratch dirs and temp files").isEqualTo(before);
  }

  private BuildEvent failed(BuildHandle h) throws Exception {
    BuildEvent end = end(h);
    assertThat(end.status()).as("build-end: %s", end.message()).isEqualTo(BuildEvent.STATUS_ERROR);
    return end;
  }

  @Test
  void aRunStepThatWritesPastTheBoundIsStoppedAndLeavesNothing() throws Exception {
    // 400 MB if nothing stopped it; dd reports "records out" only when it finishes.
    Template t = template("fill", new RunStep("echo start; dd if=/dev/zero of=/big bs=1M count=400; echo finished"));
    BuildHandle h = build(bounded, t, ctx);
    BuildEvent end = failed(h);
    assertThat(end.message()).isEqualTo("step 1 wrote more than the build's 64 MB of disk (set by the test's bound)");
    assertThat(EngineFixture.logText(h)).contains("start").doesNotContain("records out").doesNotContain("finished");
    assertThat(events(h, BuildEvent.STEP_END)).last().extracting(BuildEvent::step, BuildEvent::status)
        .containsExactly(1, BuildEvent.STATUS_ERROR);
    assertLeftAsItWas();
  }

  @Test
  void aRunStepWithinTheBoundBuildsAsBefore() throws Exception {
    Template t = template("small", new RunStep("dd if=/dev/zero of=/small bs=1M count=8"));
    assertReady(build(bounded, t, ctx));
  }

  @Test
  void aRunStepsFilesCountOnceTheStoreKeepsNoTarOfThem() throws Exception {
    // 40 MB of files: 80 MB, past 64, when the layer's tar was kept beside them.
    Template t = template("once", new RunStep("dd if=/dev/zero of=/f bs=1M count=40"));
    long blobs = DiskUsage.of(store.root().resolve("blobs"));
    assertReady(build(bounded, t, ctx));
    assertThat(DiskUsage.of(store.root().resolve("blobs")) - blobs).as("manifest, config, records").isLessThan(1L << 20);
    assertThat(DiskUsage.of(store.root().resolve("layers"))).isGreaterThan(40L << 20);
  }

  @Test
  void aRootfsTarGzThatInflatesPastTheBoundIsRefused() throws Exception {
    DiskBombs.layerTarGz(ctx.resolve("bomb.tar.gz"), 300);
    Template t = Template.of(Base.image("rootfs:bomb.tar.gz"), List.of(new RunStep("true")));
    BuildEvent end = failed(build(bounded, t, ctx));
    assertThat(end.message()).isEqualTo("step 0 wrote more than the build's 64 MB of disk importing the base "
        + "image (set by the test's bound)");
    assertLeftAsItWas();
  }

  @Test
  void anOciLayoutLayerThatInflatesPastTheBoundIsStoppedWhileUnpacking() throws Exception {
    DiskBombs.ociLayout(ctx.resolve("layout"), 300);
    Template t = Template.of(Base.image("oci-layout:layout:bomb"), List.of(new RunStep("true")));
    BuildEvent end = failed(build(bounded, t, ctx));
    assertThat(end.message()).isEqualTo("step 0 wrote more than the build's 64 MB of disk unpacking the base "
        + "image (set by the test's bound)");
    assertLeftAsItWas();
  }

  @Test
  void aGzippedDockerArchiveThatInflatesPastTheBoundIsRefused() throws Exception {
    DiskBombs.dockerArchiveGz(ctx.resolve("bomb.tar.gz"), 300);
    Template t = Template.of(Base.image("docker-archive:bomb.tar.gz"), List.of(new RunStep("true")));
    BuildEvent end = failed(build(bounded, t, ctx));
    assertThat(end.message()).isEqualTo("step 0 wrote more than the build's 64 MB of disk importing the base "
        + "image (set by the test's bound)");
    assertLeftAsItWas();
  }

  @Test
  void withoutABoundTheSameBaseUnpacks() throws Exception {
    DiskBombs.ociLayout(ctx.resolve("layout"), 100);
    // An env step: the layout has no shell to run a command with.
    Template t = Template.of(Base.image("oci-layout:layout:bomb"), List.of(new EnvStep(Map.of("A", "b"))));
    assertReady(build(rt, t, ctx));
    assertThat(DiskUsage.of(store.root().resolve("layers"))).isGreaterThan(100L << 20);
  }
}
