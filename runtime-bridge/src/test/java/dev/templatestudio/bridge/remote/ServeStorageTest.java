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

  @BeforeEach
  void start() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(BusyboxFixture.available(), "busybox-static is not installed");
    store = EngineFixture.storeWithBusybox(tmp);
    runtime = new EmbeddedRuntime(store);
    // 1 MB: the busybox template alone is more, so every check prunes what it may.
    server = ApiServer.start(runtime, store.root().resolve("serve"), new ApiServer.Options("127.0.0.1", 0,
        ApiToken.of(ServeFixture.TOKEN), 64L << 20, "test", log::add), new ApiServer.Upkeep(ServeStorage.keeping(store), 1L << 20));
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
    try (HttpRuntime client = new HttpRuntime(server.url().toString(), ServeFixture.TOKEN)) {
      Template t = EngineFixture.template(name, new CopyStep(List.of(name + ".txt"), "/srv/"));
      BuildEvent end = client.build(BuildRequest.of(t, context)).result().get(60, TimeUnit.SECONDS);
      assertThat(end.status()).as(end.message()).isEqualTo(BuildEvent.STATUS_READY);
    }
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
