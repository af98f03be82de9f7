package dev.templatestudio.bridge.embedded;

import static dev.templatestudio.bridge.embedded.EngineFixture.assertReady;
import static dev.templatestudio.bridge.embedded.EngineFixture.build;
import static dev.templatestudio.bridge.embedded.EngineFixture.cacheOutcomes;
import static dev.templatestudio.bridge.embedded.EngineFixture.template;
import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.TemplateInfo;
import dev.templatestudio.bridge.embedded.prune.PruneOptions;
import dev.templatestudio.bridge.embedded.prune.PruneReport;
import dev.templatestudio.bridge.embedded.prune.StorePruner;
import dev.templatestudio.bridge.embedded.store.CacheIndex;
import dev.templatestudio.bridge.io.DiskUsage;
import dev.templatestudio.bridge.embedded.store.StoreGate;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Template;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code prune}: removes the build cache least recently used first, never what a template uses
 * unless {@code --all}, says the same in a dry run as it does, and leaves a store every build
 * and machine still works with.
 */
@Timeout(300)
class PruneTest extends EngineTestBase {

  /** Version {@code v} of template "app": one RUN step writing 2 MB of its own. */
  private Template app(String v) {
    return template("app", new RunStep("dd if=/dev/urandom of=/data bs=1M count=2 2>/dev/null; echo " + v + " > /v"));
  }

  /** The diff id of the layer the last step of a build made, from its cache entry. */
  private String lastLayer(BuildHandle h) throws Exception {
    String key = h.events().after(0).stream().filter(e -> e.cacheKey() != null && e.step() != null && e.step() == 1)
        .map(e -> e.cacheKey()).findFirst().orElseThrow();
    return store.cache().get(key).map(CacheIndex.Entry::diffId).orElseThrow();
  }

  private boolean hasLayer(String diffId) {
    return store.layers().has(diffId) || store.blobs().has(diffId);
  }

  private Set<String> contents() throws Exception {
    Set<String> names = new TreeSet<>();
    for (String dir : List.of("layers", "blobs/sha256", "cache", "templates", "work", "tmp")) {
      try (Stream<Path> list = Files.list(store.root().resolve(dir))) {
        list.forEach(p -> names.add(dir + "/" + p.getFileName()));
      }
    }
    return names;
  }

  @Test
  void pruneTakesTheBuildCacheNoTemplateUsesAndLeavesTheTemplatesWorking() throws Exception {
    String old = lastLayer(build(rt, app("v1"), ctx));
    String current = lastLayer(build(rt, app("v2"), ctx));
    assertThat(hasLayer(old)).isTrue();

    PruneReport report = new StorePruner(store).prune(PruneOptions.everything(), null, () -> { });

    assertThat(store.layers().has(old)).isFalse();
    assertThat(store.blobs().has(old)).isFalse();
    assertThat(store.layers().has(current)).isTrue();
    assertThat(report.freedBytes()).isGreaterThan(2L << 20); // the layer's files (its tar is made from them)
    assertThat(report.afterBytes()).isLessThan(report.beforeBytes());
    assertThat(report.lines()).extracting(PruneReport.Line::what).contains("build cache entries", "unpacked layers");
    assertThat(rt.templates()).extracting(TemplateInfo::name).containsExactlyInAnyOrder("busybox", "app");
    List<String> out = new ArrayList<>();
    assertThat(rt.run("app", List.of("cat", "/v"), (stream, line) -> out.add(line))).isZero();
    assertThat(out).containsExactly("v2");
    assertThat(cacheOutcomes(build(rt, app("v2"), ctx))).as("the template's own steps stay cached").containsOnly("hit");
    assertThat(cacheOutcomes(build(rt, app("v1"), ctx)).get(1)).as("its step is gone from the cache").isNotEqualTo("hit");
  }

  @Test
  void keepStorageTakesTheLeastRecentlyUsedFirstAndStopsUnderTheBound() throws Exception {
    String a = lastLayer(build(rt, app("a"), ctx));
    String b = lastLayer(build(rt, app("b"), ctx));
    assertReady(build(rt, app("a"), ctx)); // a's entry is used again: b is now the least recently used
    String c = lastLayer(build(rt, app("c"), ctx));
    StorePruner pruner = new StorePruner(store);
    long size = pruner.size();

    // Each version's layer takes 2 MB of files (no tar is kept): freeing 1.5 MB takes one.
    PruneReport report = pruner.prune(new PruneOptions(size - (3L << 19), false), null, () -> { });

    assertThat(hasLayer(b)).as("least recently used").isFalse();
    assertThat(hasLayer(a)).as("used since").isTrue();
    assertThat(hasLayer(c)).as("the template's").isTrue();
    assertThat(report.afterBytes()).isLessThan(size);
    assertThat(pruner.prune(new PruneOptions(pruner.size(), false), null, () -> { }).isEmpty())
        .as("a store no larger than the bound is left alone").isTrue();
  }

  @Test
  void aDryRunDeletesNothingAndSaysWhatPruneThenDoes() throws Exception {
    build(rt, app("v1"), ctx);
    build(rt, app("v2"), ctx);
    Set<String> before = contents();
    StorePruner pruner = new StorePruner(store);

    PruneReport dry = pruner.dryRun(PruneOptions.everything(), null);
    assertThat(contents()).isEqualTo(before);
    PruneReport done = pruner.prune(PruneOptions.everything(), null, () -> { });

    assertThat(dry.dryRun()).isTrue();
    assertThat(done.dryRun()).isFalse();
    assertThat(done.lines()).isEqualTo(dry.lines());
    assertThat(done.freedBytes()).isEqualTo(dry.freedBytes()).isPositive();
    // The report is the items' bytes; a measure also counts folders, and a folder on tmpfs
    // shrinks by 20 bytes per entry removed (ext4's stay 4 KB), so they agree to a folder's size.
    assertThat(pruner.size()).isCloseTo(done.afterBytes(), org.assertj.core.data.Offset.offset(4096L));
  }

  private List<Path> entries(String dir) throws Exception {
    try (Stream<Path> list = Files.list(store.root().resolve(dir))) {
      return list.toList();
    }
  }

  @Test
  void allTakesTemplatesTooAndTheStoreBuildsAgainFromNothing() throws Exception {
    Path rootfs = BusyboxFixture.rootfs(tmp.resolve("rootfs"));
    // Past the window in which a just-written source is not remembered by its fingerprint.
    Thread.sleep(250);
    Template fromRootfs = Template.of(dev.templatestudio.bridge.template.Base.image("rootfs:" + rootfs),
        List.of(new RunStep("echo hi > /hi"))).withName("hi")
        .withStart(new dev.templatestudio.bridge.template.Start("sleep 1000", null));
    assertReady(build(rt, fromRootfs, ctx));
    assertThat(entries("sources")).hasSize(1);
    assertThat(entries("ready")).hasSize(1);

    PruneReport report = new StorePruner(store).prune(new PruneOptions(-1, true), null, () -> { });
    // What named the pruned images goes with them.
    assertThat(entries("sources")).isEmpty();
    assertThat(entries("ready")).isEmpty();

    assertThat(report.templates()).containsExactlyInAnyOrder("busybox", "hi");
    assertThat(rt.templates()).isEmpty();
    assertThat(DiskUsage.of(store.root().resolve("layers")) + DiskUsage.of(store.root().resolve("blobs")))
        .isLessThan(64 * 1024);
    assertThat(cacheOutcomes(build(rt, fromRootfs, ctx))).doesNotContain("hit");
  }

  @Test
  void whatACrashedPruneLeftIsNamedByNothingAndGoesNextTime() throws Exception {
    String older = lastLayer(build(rt, app("v0"), ctx));
    String old = lastLayer(build(rt, app("v1"), ctx));
    build(rt, app("v2"), ctx);
    // Prunes that died after removing the cache entries: one with the blob's record gone and
    // its layer in the prune's scratch dir, one with the record gone and the layer not yet moved.
    for (String key : store.cache().keys()) {
      String diffId = store.cache().get(key).map(CacheIndex.Entry::diffId).orElse(null);
      if (old.equals(diffId) || older.equals(diffId)) {
        Files.delete(store.cache().file(key));
      }
    }
    store.blobs().delete(old);
    store.blobs().delete(older);
    Path trash = Files.createDirectories(store.work().dir().resolve("prune-crashed"));
    Files.move(store.layers().path(old), trash.resolve("layer"));
    Files.setLastModifiedTime(trash, java.nio.file.attribute.FileTime.fromMillis(0));

    assertThat(cacheOutcomes(build(rt, app("v2"), ctx))).as("the store as a crash left it builds").containsOnly("hit");
    // That build deleted the stale scratch dir; the layer without its blob is left for prune.
    assertThat(trash).doesNotExist();
    assertThat(store.blobs().has(older)).isFalse();
    assertThat(store.layers().has(older)).isTrue();
    new StorePruner(store).prune(PruneOptions.everything(), null, () -> { });
    assertThat(store.layers().has(older)).isFalse();
    assertThat(store.blobs().madeDigests()).doesNotContain(old, older);
  }

  @Test
  void pruneWaitsForRunningBuildsAndBuildsWaitForPrune() throws Exception {
    BuildHandle running = rt.build(BuildRequest.of(
        template("slow", new RunStep("sleep 60")), ctx));
    waitFor(() -> running.events().after(0).stream().anyMatch(e -> e.step() != null && e.step() == 1));
    StorePruner pruner = new StorePruner(store);
    assertThat(pruner.tryPrune(PruneOptions.everything(), null)).as("a build holds the store").isNull();

    List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
    var pruning = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return pruner.prune(PruneOptions.everything(), null, () -> told.add("waiting"));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    waitFor(() -> !told.isEmpty());
    assertThat(pruning).isNotDone();
    running.cancel();
    assertThat(pruning.get(30, java.util.concurrent.TimeUnit.SECONDS)).isNotNull();

    StoreGate.Hold hold = StoreGate.exclusive(store.root(), () -> { });
    BuildHandle waiting = null;
    try {
      BuildHandle started = rt.build(BuildRequest.of(app("w"), ctx));
      waiting = started;
      waitFor(() -> EngineFixture.logText(started).contains("waiting for a prune of the store to finish"));
      Thread.sleep(200);
      assertThat(started.events().after(0)).noneMatch(e -> e.kind().equals(BuildEvent.STEP_START));
    } finally {
      hold.close();
    }
    assertReady(waiting);
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out");
      }
      Thread.sleep(20);
    }
  }
}
