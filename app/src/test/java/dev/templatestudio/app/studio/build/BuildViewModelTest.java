package dev.templatestudio.app.studio.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.DirectTaskRunner;
import dev.templatestudio.app.studio.logview.LogChunk;
import dev.templatestudio.app.studio.logview.LogFrame;
import dev.templatestudio.app.studio.logview.LogText;
import dev.templatestudio.app.studio.logview.LogThreads;
import dev.templatestudio.app.studio.logview.StepState;
import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.EventLog;
import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.build.RuntimeUnavailableException;
import dev.templatestudio.bridge.build.SecretMasker;
import dev.templatestudio.bridge.build.TemplateInfo;
import dev.templatestudio.bridge.embedded.BusyboxFixture;
import dev.templatestudio.bridge.embedded.EmbeddedRuntime;
import dev.templatestudio.bridge.embedded.EngineFixture;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.history.BuildLogArchive;
import dev.templatestudio.bridge.template.Ready;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Start;
import dev.templatestudio.bridge.template.Template;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build view-model over real builds of the embedded runtime on a busybox store. */
class BuildViewModelTest {
  /** Two run steps: with the base, the three parts the cases below count. */
  private static final Template TWO_STEPS = EngineFixture.template("vm-steps",
      new RunStep("echo working on step 1"), new RunStep("echo working on step 2"));
  /** Events are taken in on the thread that offers them, so a test sees them at once. */
  private static final LogThreads DIRECT = LogThreads.on(Runnable::run, Runnable::run);
  /** How long a real build of these busybox templates may take before a case fails. */
  private static final long BUILD_MILLIS = 60_000;
  /** The finished builds the view-model handed over for the history. */
  private final List<BuildLogArchive.Entry> finished = new ArrayList<>();
  @TempDir Path tmp;
  private Store store;

  /** The busybox store, made on first use: the cases that never build need none. */
  private Store store() throws IOException {
    if (store == null) {
      BusyboxFixture.require();
      store = EngineFixture.storeWithBusybox(tmp);
    }
    return store;
  }

  @AfterEach
  void nothingLeft() throws Exception {
    if (store != null) {
      long deadline = System.currentTimeMillis() + 5000;
      while (Files.readString(Path.of("/proc/mounts")).contains(store.root().toString())
          && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
      EngineFixture.assertNothingLeft(store.root(), null);
    }
  }

  /** A view-model opening a new embedded runtime on the store for each build, as the studio does. */
  private BuildViewModel vm() throws IOException {
    Store s = store();
    BuildViewModel vm = new BuildViewModel(() -> new EmbeddedRuntime(s), () -> "embedded", new DirectTaskRunner(),
        () -> 1000L, 100, DIRECT);
    vm.onFinished((entry, events) -> finished.add(entry));
    return vm;
  }

  private static StringBuilder drainUntilEnd(BuildViewModel vm) throws InterruptedException {
    StringBuilder log = new StringBuilder();
    long deadline = System.currentTimeMillis() + BUILD_MILLIS;
    while (vm.isRunning() && System.currentTimeMillis() < deadline) {
      log.append(vm.drain().lines().text());
      Thread.sleep(5);
    }
    log.append(vm.drain().lines().text());
    assertThat(vm.isRunning()).as("the build ended within %d ms", BUILD_MILLIS).isFalse();
    return log;
  }

  /** Builds {@code TWO_STEPS}, then it with its second step changed: base and step 1 cached. */
  private String rebuildWithTheSecondStepChanged(BuildViewModel vm) throws Exception {
    vm.build(TWO_STEPS, tmp);
    drainUntilEnd(vm);
    vm.build(TWO_STEPS.withStep(1, new RunStep("echo working on step 2 again")), tmp);
    assertThat(vm.isRunning()).isTrue();
    return drainUntilEnd(vm).toString();
  }

  @Test
  void aBuildMarksCachedAndRebuiltStepsAndEndsWithARef() throws Exception {
    BuildViewModel vm = vm();
    String log = rebuildWithTheSecondStepChanged(vm);
    assertThat(vm.steps().get(0).state()).isEqualTo(StepState.CACHED);
    assertThat(vm.steps().get(1).state()).isEqualTo(StepState.CACHED);
    assertThat(vm.steps().get(2).state()).isEqualTo(StepState.DONE);
    assertThat(vm.steps().get(2).missReason())
        .isEqualTo("command changed: echo working on step 2 -> echo working on step 2 again");
    assertThat(vm.steps().get(2).durationMs()).isNotNull().isNotNegative();
    assertThat(vm.lastRefProperty().get()).matches("vm-steps@sha256:[0-9a-f]{64}");
    assertThat(vm.summaryProperty().get()).contains("Build ready").contains("2 of 3 cached");
    assertThat(vm.progressProperty().get()).isEqualTo(1.0);
    assertThat(log).contains("#1 [1/2] RUN echo working on step 1  CACHED", "#2 [2/2] RUN echo working on step 2 again\n",
        "#2 cache miss: command changed", "#2 working on step 2 again").containsPattern("#2 DONE \\d+\\.\\ds");
    assertThat(finished).hasSize(2);
    assertThat(finished.get(1).end().status()).isEqualTo("ready");
    assertThat(finished.get(1).template()).isEqualTo("vm-steps");
  }

  @Test
  void aFailedStepIsMarkedAndTheRestSkipped() throws Exception {
    BuildViewModel vm = vm();
    vm.build(EngineFixture.template("vm-fails", new RunStep("echo about to fail; exit 1"), new RunStep("echo never")),
        tmp);
    String log = drainUntilEnd(vm).toString();
    assertThat(vm.steps().get(1).state()).isEqualTo(StepState.FAILED);
    assertThat(vm.steps().get(1).missReason()).isEqualTo("first build");
    assertThat(vm.steps().get(2).state()).isEqualTo(StepState.SKIPPED);
    assertThat(vm.summaryProperty().get()).startsWith("Build failed in ")
        .contains("step 1 (RUN echo about to fail; exit 1) failed with exit code 1");
    assertThat(log).containsPattern("#1 ERROR \\d+\\.\\ds");
    assertThat(log).doesNotContain("never");
  }

  @Test
  void cancelStopsTheBuild() throws Exception {
    String marker = "vm-cancel-" + UUID.randomUUID();
    BuildViewModel vm = vm();
    vm.build(EngineFixture.template("vm-cancel", new RunStep("echo started; sleep 300 # " + marker),
        new RunStep("echo never")), tmp);
    StringBuilder log = new StringBuilder();
    long deadline = System.currentTimeMillis() + BUILD_MILLIS;
    while (!log.toString().contains("#1 started") && System.currentTimeMillis() < deadline) {
      log.append(vm.drain().lines().text());
      Thread.sleep(5);
    }
    assertThat(log).as("the sleeping step started").contains("#1 started");
    vm.cancel();
    drainUntilEnd(vm);
    assertThat(finished.get(0).end().status()).isEqualTo(BuildEvent.STATUS_CANCELLED);
    assertThat(vm.summaryProperty().get()).startsWith("Build cancelled");
    assertThat(vm.steps().get(1).state()).isEqualTo(StepState.CANCELLED);
    assertThat(vm.steps().get(2).state()).isEqualTo(StepState.SKIPPED);
    EngineFixture.assertNothingLeft(store().root(), marker);
  }

  @Test
  void aRuntimeThatCannotStartSaysWhy() {
    BuildViewModel vm = new BuildViewModel(() -> {
      throw new RuntimeUnavailableException("The embedded runtime needs Linux.");
    }, () -> "embedded", new DirectTaskRunner(), () -> 0L, 100, DIRECT);
    vm.build(TWO_STEPS, tmp);
    assertThat(vm.isRunning()).isFalse();
    assertThat(vm.summaryProperty().get()).isEqualTo("Build could not start: The embedded runtime needs Linux.");
  }

  @Test
  void theBacklogIsCappedButBadgesSeeEveryEvent() {
    BuildViewModel vm = new BuildViewModel(() -> null, () -> "none", new DirectTaskRunner(), () -> 0L, 100, DIRECT);
    EventLog log = new EventLog("b", SecretMasker.none());
    vm.follow(log);
    for (int i = 0; i < 1000; i++) {
      log.append(BuildEvent.of(BuildEvent.LOG).step(1).message("line " + i).build());
    }
    log.append(BuildEvent.of(BuildEvent.CACHE_HIT).step(1).build());
    LogChunk chunk = vm.drain().lines();
    assertThat(chunk.lines()).isLessThanOrEqualTo(100);
    assertThat(vm.droppedLines()).isEqualTo(901);
    assertThat(chunk.text()).contains("line 999");
    assertThat(vm.steps().get(1).state()).isEqualTo(StepState.CACHED);
  }

  @Test
  void eventsAreTakenInWithoutWaitingForFramesAndAFrameGetsOnlyTheNewestLines() throws Exception {
    try (LogThreads threads = LogThreads.start()) {
      eventsAreTakenInOn(threads);
    }
  }

  private static void eventsAreTakenInOn(LogThreads threads) throws InterruptedException {
    BuildViewModel vm = new BuildViewModel(() -> null, () -> "none", new DirectTaskRunner(), () -> 0L, 1000, threads);
    EventLog log = new EventLog("b", SecretMasker.none());
    vm.follow(log);
    log.append(BuildEvent.of(BuildEvent.STEP_START).step(1).steps(3).message("RUN make").build());
    log.append(BuildEvent.of(BuildEvent.CACHE_MISS).step(1).reason("parent changed").build());
    for (int i = 0; i < 50_000; i++) {
      log.append(BuildEvent.of(BuildEvent.LOG).step(1).message("\u001b[32mline\u001b[0m " + i).build());
    }
    for (int i = 0; i < 1000 && vm.pendingEvents() > 0; i++) {
      Thread.sleep(10);
    }
    assertThat(vm.pendingEvents()).isZero();
    LogFrame first = vm.drain(10, true);
    assertThat(first.lines().lines()).isEqualTo(10);
    assertThat(first.lines().text()).startsWith("#1 line 49990\n").endsWith("#1 line 49999\n").doesNotContain("\u001b");
    assertThat(vm.droppedLines()).isEqualTo(50_002 - 10);
    assertThat(first.replace()).as("lines were skipped: the view starts afresh").isTrue();
    assertThat(first.older()).isNull();
    assertThat(vm.steps().get(1).missReason()).isEqualTo("parent changed");
    assertThat(vm.backlog()).as("older lines to fill the view").isEqualTo(990);
    LogFrame next = vm.drain();
    assertThat(next.lines().isEmpty()).isTrue();
    LogChunk older = next.older();
    assertThat(older.lines()).isEqualTo(990);
    assertThat(older.text()).startsWith("#1 line 49000\n").endsWith("#1 line 49989\n");
    assertThat(vm.backlog()).isZero();
  }

  @Test
  void renderFiltersToOneStep() throws Exception {
    BuildViewModel vm = vm();
    rebuildWithTheSecondStepChanged(vm);
    String one = LogText.of(vm.log().shownEvents(), 2);
    assertThat(one).contains("#2 working on step 2 again").doesNotContain("#1 ").contains("Build ready")
        .as("the end line counts the whole build, not the filtered step").contains("2 of 3 cached");
    StringBuilder copied = new StringBuilder();
    vm.renderShown(2, copied::append);
    assertThat(copied.toString()).isEqualTo(one);
    StringBuilder whole = new StringBuilder();
    vm.renderShown(null, whole::append);
    assertThat(whole.toString()).contains("#1 ", "#2 working on step 2 again", "Build ready");
  }

  @Test
  void aFailureAfterTheStepsMarksTheStartPart() throws Exception {
    BuildViewModel vm = vm();
    vm.build(TWO_STEPS.withName("vm-never-ready").withStart(new Start("echo waiting; exec sleep 600",
        new Ready.File("/tmp/never", 1))), tmp);
    drainUntilEnd(vm);
    assertThat(vm.steps().get(2).state()).isEqualTo(StepState.DONE);
    assertThat(vm.steps().get(3).state()).isEqualTo(StepState.FAILED);
    assertThat(vm.steps().get(3).detail()).contains("not ready after 1s");
    assertThat(vm.summaryProperty().get()).startsWith("Build failed").contains("not ready after 1s");
  }

  @Test
  void oneStepIsCountedInTheSingular() {
    String text = LogText.of(List.of(BuildEvent.of(BuildEvent.BUILD_START).steps(1).build()), null);
    assertThat(text).startsWith("Building 1 step").doesNotContain("1 steps");
  }

  /**
   * Counts how often it is closed, then closes the real runtime it builds on: no runtime tells
   * from outside whether it was closed, so this is a spy on that one call, not a fake.
   */
  private static final class ClosingRuntime implements Runtime {
    final EmbeddedRuntime inner;
    final AtomicInteger closed = new AtomicInteger();

    ClosingRuntime(EmbeddedRuntime inner) {
      this.inner = inner;
    }

    @Override
    public String describe() {
      return "closing";
    }

    @Override
    public BuildHandle build(BuildRequest r)
        throws IOException {
      return inner.build(r);
    }

    @Override
    public List<TemplateInfo> templates() throws IOException {
      return inner.templates();
    }

    @Override
    public void close() {
      closed.incrementAndGet();
      inner.close();
    }
  }

  @Test
  void theRuntimeOpenedForABuildIsClosedOnceTheBuildEnded() throws Exception {
    ClosingRuntime runtime = new ClosingRuntime(new EmbeddedRuntime(store()));
    BuildViewModel vm = new BuildViewModel(() -> runtime, () -> "embedded", new DirectTaskRunner(), () -> 1000L, 100,
        DIRECT);
    vm.build(TWO_STEPS, tmp);
    drainUntilEnd(vm);
    for (int i = 0; i < 200 && runtime.closed.get() == 0; i++) {
      Thread.sleep(10);
    }
    assertThat(runtime.closed.get()).isEqualTo(1);
  }
}
