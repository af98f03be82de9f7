package dev.templatestudio.app.studio.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.DirectTaskRunner;
import dev.templatestudio.app.studio.ScriptedRuntime;
import dev.templatestudio.app.studio.document.Examples;
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
import dev.templatestudio.bridge.history.BuildLogArchive;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BuildViewModelTest {
  /** The example before its copy, workdir and start: the cases below count its two steps. */
  private static final dev.templatestudio.bridge.template.Template SHORT_EXAMPLE =
      Examples.python().withSteps(Examples.python().steps().subList(0, 2)).withStart(null);
  /** Events are taken in on the thread that offers them, so a test sees them at once. */
  private static final LogThreads DIRECT = LogThreads.on(Runnable::run, Runnable::run);
  /** The finished builds the view-model handed over for the history. */
  private final List<BuildLogArchive.Entry> finished = new ArrayList<>();

  private BuildViewModel vm(ScriptedRuntime runtime) {
    BuildViewModel vm = new BuildViewModel(() -> runtime, () -> "scripted", new DirectTaskRunner(), () -> 1000L, 100,
        DIRECT);
    vm.onFinished((entry, events) -> finished.add(entry));
    return vm;
  }

  private static StringBuilder drainUntilEnd(BuildViewModel vm) throws InterruptedException {
    StringBuilder log = new StringBuilder();
    for (int i = 0; i < 500 && (vm.isRunning() || log.length() == 0); i++) {
      log.append(vm.drain().lines().text());
      Thread.sleep(5);
    }
    log.append(vm.drain().lines().text());
    return log;
  }

  @Test
  void aBuildMarksCachedAndRebuiltStepsAndEndsWithARef() throws Exception {
    BuildViewModel vm = vm(new ScriptedRuntime(Set.of(0, 1), -1, -1));
    vm.build(SHORT_EXAMPLE, Path.of("."));
    assertThat(vm.isRunning()).isTrue();
    String log = drainUntilEnd(vm).toString();
    assertThat(vm.isRunning()).isFalse();
    assertThat(vm.steps().get(0).state()).isEqualTo(StepState.CACHED);
    assertThat(vm.steps().get(1).state()).isEqualTo(StepState.CACHED);
    assertThat(vm.steps().get(2).state()).isEqualTo(StepState.DONE);
    assertThat(vm.steps().get(2).missReason()).isEqualTo("parent changed");
    assertThat(vm.steps().get(2).durationMs()).isEqualTo(1202L);
    assertThat(vm.lastRefProperty().get()).isEqualTo("fastapi-agent@sha256:feedbeef");
    assertThat(vm.summaryProperty().get()).contains("Build ready").contains("2 of 3 cached");
    assertThat(vm.progressProperty().get()).isEqualTo(1.0);
    assertThat(log).contains("#1 [1/2] apt  CACHED", "#2 [2/2] pip\n", "#2 cache miss: parent changed",
        "#2 ok step 2", "#2 DONE 1.2s");
    assertThat(finished).hasSize(1);
    assertThat(finished.get(0).end().status()).isEqualTo("ready");
    assertThat(finished.get(0).template()).isEqualTo("fastapi-agent");
  }

  @Test
  void aFailedStepIsMarkedAndTheRestSkipped() throws Exception {
    BuildViewModel vm = vm(new ScriptedRuntime(Set.of(0), 1, -1));
    vm.build(SHORT_EXAMPLE, Path.of("."));
    String log = drainUntilEnd(vm).toString();
    assertThat(vm.steps().get(1).state()).isEqualTo(StepState.FAILED);
    assertThat(vm.steps().get(1).missReason()).isEqualTo("packages changed: [flask] -> [fastapi]");
    assertThat(vm.steps().get(2).state()).isEqualTo(StepState.SKIPPED);
    assertThat(vm.summaryProperty().get()).startsWith("Build failed in ").endsWith("s: step 1 failed: exit code 1");
    assertThat(log).contains("#1 ERROR 0.0s exit code 1");
  }

  @Test
  void cancelStopsTheBuild() throws Exception {
    ScriptedRuntime runtime = new ScriptedRuntime(Set.of(), -1, 1);
    BuildViewModel vm = vm(runtime);
    vm.build(SHORT_EXAMPLE, Path.of("."));
    assertThat(runtime.awaitHolding(10)).isTrue();
    vm.cancel();
    drainUntilEnd(vm);
    assertThat(vm.isRunning()).isFalse();
    assertThat(finished.get(0).end().status()).isEqualTo(BuildEvent.STATUS_CANCELLED);
    assertThat(vm.summaryProperty().get()).startsWith("Build cancelled");
    assertThat(vm.steps().get(1).state()).isEqualTo(StepState.CANCELLED);
    assertThat(vm.steps().get(2).state()).isEqualTo(StepState.SKIPPED);
  }

  @Test
  void aRuntimeThatCannotStartSaysWhy() {
    BuildViewModel vm = new BuildViewModel(() -> {
      throw new RuntimeUnavailableException("The embedded runtime needs Linux.");
    }, () -> "embedded", new DirectTaskRunner(), () -> 0L, 100, DIRECT);
    vm.build(SHORT_EXAMPLE, Path.of("."));
    assertThat(vm.isRunning()).isFalse();
    assertThat(vm.summaryProperty().get()).isEqualTo("Build could not start: The embedded runtime needs Linux.");
  }

  @Test
  void theBacklogIsCappedButBadgesSeeEveryEvent() {
    BuildViewModel vm = vm(new ScriptedRuntime(Set.of(), -1, -1));
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
    BuildViewModel vm = new BuildViewModel(() -> null, () -> "scripted", new DirectTaskRunner(), () -> 0L, 1000, threads);
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
    BuildViewModel vm = vm(new ScriptedRuntime(Set.of(0), -1, -1));
    vm.build(SHORT_EXAMPLE, Path.of("."));
    drainUntilEnd(vm);
    String one = LogText.of(vm.log().shownEvents(), 2);
    assertThat(one).contains("#2 working on step 2").doesNotContain("#1 ").contains("Build ready")
        .as("the end line counts the whole build, not the filtered step").contains("1 of 3 cached");
    StringBuilder copied = new StringBuilder();
    vm.renderShown(2, copied::append);
    assertThat(copied.toString()).isEqualTo(one);
    StringBuilder whole = new StringBuilder();
    vm.renderShown(null, whole::append);
    assertThat(whole.toString()).contains("#1 ", "#2 working on step 2", "Build ready");
  }

  @Test
  void aFailureAfterTheStepsMarksTheStartPart() throws Exception {
    BuildViewModel vm = vm(new ScriptedRuntime(Set.of(0), 3, -1));
    vm.build(SHORT_EXAMPLE, Path.of("."));
    drainUntilEnd(vm);
    assertThat(vm.steps().get(2).state()).isEqualTo(StepState.DONE);
    assertThat(vm.steps().get(3).state()).isEqualTo(StepState.FAILED);
    assertThat(vm.steps().get(3).detail()).contains("did not become ready");
    assertThat(vm.summaryProperty().get()).startsWith("Build failed").contains("did not become ready");
  }

  @Test
  void oneStepIsCountedInTheSingular() {
    String text = LogText.of(List.of(BuildEvent.of(BuildEvent.BUILD_START).steps(1).build()), null);
    assertThat(text).startsWith("Building 1 step").doesNotContain("1 steps");
  }

  /** Counts how often it is closed; builds on a scripted runtime. */
  private static final class ClosingRuntime implements Runtime {
    final ScriptedRuntime inner;
    final AtomicInteger closed = new java.util.concurrent.atomic.AtomicInteger();

    ClosingRuntime(ScriptedRuntime inner) {
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
    public List<dev.templatestudio.bridge.build.TemplateInfo> templates() {
      return List.of();
    }

    @Override
    public void close() {
      closed.incrementAndGet();
    }
  }

  @Test
  void theRuntimeOpenedForABuildIsClosedOnceTheBuildEnded() throws Exception {
    ClosingRuntime runtime = new ClosingRuntime(new ScriptedRuntime(Set.of(0), -1, -1));
    BuildViewModel vm = new BuildViewModel(() -> runtime, () -> "scripted", new DirectTaskRunner(), () -> 1000L, 100,
        DIRECT);
    vm.build(SHORT_EXAMPLE, Path.of("."));
    drainUntilEnd(vm);
    for (int i = 0; i < 200 && runtime.closed.get() == 0; i++) {
      Thread.sleep(10);
    }
    assertThat(runtime.closed.get()).isEqualTo(1);
  }
}
