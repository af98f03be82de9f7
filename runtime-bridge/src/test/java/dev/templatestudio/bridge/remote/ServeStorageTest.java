package dev.templatestudio.bridge.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.TemplateInfo;
import dev.templatestudio.bridge.embedded.BusyboxFixture;
import dev.templatestudio.bridge.embedded.EmbeddedRuntime;
import dev.templatestudio.bridge.embedded.EngineFixture;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.runtimes.ServeStorage;
import dev.templatestudio.bridge.server.ApiServer;
import dev.templatestudio.bridge.server.ApiToken;
import dev.templatestudio.bridge.server.ServeContexts;
import dev.templatestudio.bridge.server.StoreKeeping;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.Template;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --keep-storage-mb}: past it, the server prunes after each build: contexts
 * clients have not used lately and build cache, least recently used first, never a template;
 * and {@code prune} in another process leaves a running server's contexts to it.
 */
@Timeout(120)
class ServeStorageTest {
  @TempDir Path tmp;
  private Store store;
  private EmbeddedRuntime runtime;
  private ApiServer server;
  private final List<String> log = Collections.synchronizedList(new ArrayList<>());

  /** How often the keeper measured the store (each check does, first of all). */
  private final java.util.concurrent.atomic.AtomicInteger measured = new java.util.concurrent.atomic.AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(BusyboxFixture.available(), "busybox-static is not installed");
    store = EngineFixture.storeWithBusybox(tmp);
    runtime = new EmbeddedRuntime(store);
    StoreKeeping keeping = ServeStorage.keeping(store);
    StoreKeeping counted = new StoreKeeping() {
      @Override
      public long size() throws java.io.IOException {
        measured.incrementAndGet();
        return keeping.size();
      }

      @Override
      public String pruneTo(long keepBytes, Contexts contexts) throws java.io.IOException {
        return keeping.pruneTo(keepBytes, contexts);
      }
    };
    // 1 MB: the busybox template alone is more, so every check prunes what it may.
    server = ApiServer.start(runtime, store.root().resolve("serve"), new ApiServer.Options("127.0.0.1", 0,
        ApiToken.of(ServeFixture.TOKEN), 64L << 20, "test", log::add), new ApiServer.Upkeep(counted, 1L << 20));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (runtime != null) {
      runtime.close();
    }
  }

  private Path context(String name) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name));
    Files.writeString(dir.resolve(name + ".txt"), name + "\n");
    return dir;
  }

  private void build(String name, Path context) throws Exception {
    build(EngineFixture.template(name, new CopyStep(List.of(name + ".txt"), "/srv/")), context, false);
  }

  private BuildEvent build(Template t, Path context, boolean noCache) throws Exception {
    try (HttpRuntime client = new HttpRuntime(server.url().toString(), ServeFixture.TOKEN)) {
      BuildRequest request = new BuildRequest(t, context, null, List.of(), noCache, java.util.Map.of(), false);
      BuildEvent end = client.build(request).result().get(60, TimeUnit.SECONDS);
      assertThat(end.status()).as(end.message()).isEqualTo(BuildEvent.STATUS_READY);
      return end;
    }
  }

  private void awaitMeasured(int times) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (measured.get() < times && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(measured.get()).isEqualTo(times);
  }

  @Test
  void aBuildFromTheCacheAloneAfterNoUploadLeavesTheStoreUnmeasured() throws Exception {
    awaitMeasured(1);
    Template run = EngineFixture.template("ran", new dev.templatestudio.bridge.template.RunStep("echo ran > /ran"));
    build(run, null, false);
    awaitMeasured(2);
    Path ctx = context("same");
    Template copy = EngineFixture.template("same", new CopyStep(List.of("same.txt"), "/srv/"));
    build(copy, ctx, false);
    awaitMeasured(3);

    assertThat(build(run, null, false).cacheHits()).as("every step from the cache").isEqualTo(2);
    assertThat(build(copy, ctx, false).cacheHits()).as("its context is on the server already").isEqualTo(2);
    // A build that ran a step grows the store: measured again, and only then.
    build(run, null, true);
    awaitMeasured(4);
    Thread.sleep(500);
    assertThat(measured.get()).as("the two builds from the cache were not followed by a check").isEqualTo(4);

    // A new context (one more file), built from the cache: the upload grew the store.
    Files.writeString(ctx.resolve("more.txt"), "a file the step does not copy\n");
    assertThat(build(copy, ctx, false).cacheHits()).isEqualTo(2);
    awaitMeasured(5);
  }

  /** What the server logged so far (it logs from its own threads). */
  private List<String> logged() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  private List<Path> contexts() throws Exception {
    try (Stream<Path> list = Files.list(store.root().resolve("serve/contexts"))) {
      return list.filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}")).toList();
    }
  }

  @Test
  void pastKeepStorageTheServerPrunesContextsNotUsedLatelyButNoTemplate() throws Exception {
    build("first", context("first"));
    Path first = contexts().get(0);
    Files.setLastModifiedTime(first, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));

    build("second", context("second"));

    // The keeper logs once the whole prune is done, after the context went.
    java.util.function.Predicate<String> pruned = l -> l.startsWith("the store was past --keep-storage-mb 1: pruned ")
        && l.contains("1 uploaded context") && !l.contains("uploaded contexts");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (logged().stream().noneMatch(pruned) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(logged()).anyMatch(pruned);
    assertThat(first).as("a context not used for an hour").doesNotExist();
    assertThat(contexts()).as("the context just used stays").hasSize(1);
    assertThat(runtime.templates()).extracting(TemplateInfo::name).contains("busybox", "first", "second");
  }

  @Test
  void cachedContextFilesNotUsedLatelyArePrunedWithTheirContexts() throws Exception {
    build("first", context("first"));
    Path blobs = store.root().resolve("serve/blobs");
    Path firstFile;
    try (Stream<Path> list = Files.list(blobs)) {
      firstFile = list.filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}")).findFirst().orElseThrow();
    }
    long hourAgo = System.currentTimeMillis() - 3_600_000;
    Files.setLastModifiedTime(contexts().get(0), FileTime.fromMillis(hourAgo));
    Files.setLastModifiedTime(firstFile, FileTime.fromMillis(hourAgo));

    build("second", context("second"));

    java.util.function.Predicate<String> pruned = l -> l.startsWith("the store was past --keep-storage-mb 1: pruned ")
        && l.contains("1 uploaded context") && l.contains("1 cached context file");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (logged().stream().noneMatch(pruned) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(logged()).anyMatch(pruned);
    assertThat(firstFile).as("a file not used for an hour").doesNotExist();
    try (Stream<Path> list = Files.list(blobs)) {
      assertThat(list.filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}"))).as("the second's file").hasSize(1);
    }
  }

  @Test
  void pruneInAnotherProcessLeavesARunningServersContextsToIt() throws Exception {
    build("first", context("first"));
    assertThat(ServeContexts.whenIdle(store.root())).as("while serve runs").isEmpty();

    server.close();
    server = null;
    try (ServeContexts idle = ServeContexts.whenIdle(store.root()).orElseThrow()) {
      assertThat(idle.all()).as("the context and its one cached file").hasSize(2)
          .extracting(dev.templatestudio.bridge.server.UploadedContext::file).containsExactlyInAnyOrder(false, true);
    }
  }
}
