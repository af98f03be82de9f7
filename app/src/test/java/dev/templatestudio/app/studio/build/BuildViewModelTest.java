package dev.templatestudio.app.studio.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.DirectTaskRunner;
import dev.templatestudio.app.studio.ScriptedRuntime;
import dev.templatestudio.app.studio.document.Examples;
import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.RuntimeUnavailableException;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BuildViewModelTest {
  /** The example before its copy, workdir and start: the cases below count its two steps. */
  private static final dev.templatestudio.bridge.template.Template SHORT_EXAMPLE =
      Examples.python().withSteps(Examples.python().steps().subList(0, 2)).withStart(null);
  private static BuildViewModel vm(ScriptedRuntime runtime) {
    return new BuildViewModel(() -> runtime, () -> "scripted", new DirectTaskRunner(), () -> 1000L, 100);
  }

  private static StringBuilder drainUntilEnd(BuildViewModel vm) throws InterruptedException {
    StringBuilder log = new StringBuilder();
    for (int i = 0; i < 500 && (vm.isRunning() || log.length() == 0); i++) {
      log.append(vm.drain().text());
      Thread.sleep(5);
    }
    log.append(vm.drain().text());
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
    assertThat(vm.history()).hasSize(1);
    assertThat(vm.history().get(0).status()).isEqualTo("ready");
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
    assertThat(vm.history().get(0).status()).isEqualTo(BuildEvent.STATUS_CANCELLED);
    assertThat(vm.summaryProperty().get()).startsWith("Build cancelled");
    assertThat(vm.steps().get(1).state()).isEqualTo(StepState.CANCELLED);
    assertThat(vm.steps().get(2).state()).isEqualTo(StepState.SKIPPED);
  }

  @Test
  void aRuntimeThatCannotStartSaysWhy() {
    BuildViewModel vm = new BuildViewModel(() -> {
      throw new RuntimeUnavailableException("The embedded runtime needs Linux.");
    }, () -> "embedded", new DirectTaskRunner(), () -> 0L, 100);
    vm.build(SHORT_EXAMPLE, Path.of("."));
    assertThat(vm.isRunning()).isFalse();
    assertThat(vm.summaryProperty().get()).isEqualTo("Build could not start: The embedded runtime needs Linux.");
  }

  @Test
  void theBacklogIsCappedButBadgesSeeEveryEvent() {
    BuildViewModel vm = vm(new ScriptedRuntime(Set.of(), -1, -1));
    for (int i = 0; i < 1000; i++) {
      vm.offer(BuildEvent.of(BuildEvent.LOG).step(1).message("line " + i).build());
    }
    vm.offer(BuildEvent.of(BuildEvent.CACHE_HIT).step(1).build());
    LogChunk chunk = vm.drain();
    assertThat(chunk.lines()).isLessThanOrEqualTo(100);
    assertThat(vm.droppedLines()).isEqualTo(901);
    assertThat(chunk.text()).contains("line 999");
    assertThat(vm.steps().get(1).state()).isEqualTo(StepState.CACHED);
  }

  @Test
  void renderFiltersToOneStep() throws Exception {
    BuildViewModel vm = vm(new ScriptedRuntime(Set.of(0), -1, -1));
    vm.build(SHORT_EXAMPLE, Path.of("."));
    drainUntilEnd(vm);
    String one = BuildViewModel.render(vm.shownEvents(), 2).text();
    assertThat(one).contains("#2 working on step 2").doesNotContain("#1 ").contains("Build ready");
  }

  @Test
  void aFailureAfterTheStepsMarksTheStartPart() throws Exception {
    BuildViewModel vm = vm(new ScriptedRuntime(Set.of(0), 3, -1));
    vm.build(SHORT_EXAMPLE, Path.of("."));
    drainUntilEnd(vm);
    assertThat(vm.steps().get(2).state()).isEqualTo(StepState.DONE);
    assertThat(vm.steps().get(3).state()).isEqualTo(StepState.FAILED);
    assertThat(vm.steps().get(3).failure()).contains("did not become ready");
    assertThat(vm.summaryProperty().get()).startsWith("Build failed").contains("did not become ready");
  }

  @Test
  void oneStepIsCountedInTheSingular() {
    String text = BuildViewModel.render(java.util.List.of(BuildEvent.of(BuildEvent.BUILD_START).steps(1).build()), null).text();
    assertThat(text).startsWith("Building 1 step").doesNotContain("1 steps");
  }
}
