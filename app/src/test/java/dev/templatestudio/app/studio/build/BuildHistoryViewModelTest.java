package dev.templatestudio.app.studio.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.DirectTaskRunner;
import dev.templatestudio.app.studio.ScriptedRuntime;
import dev.templatestudio.app.studio.document.Examples;
import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.history.BuildLogArchive;
import dev.templatestudio.bridge.template.Template;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildHistoryViewModelTest {
  private static final Template SHORT_EXAMPLE =
      Examples.python().withSteps(Examples.python().steps().subList(0, 2)).withStart(null);

  @TempDir
  Path dir;

  private static BuildViewModel vm(ScriptedRuntime runtime, BuildLogArchive history) {
    BuildViewModel vm = new BuildViewModel(() -> runtime, () -> "scripted", new DirectTaskRunner(), () -> 1000L, 100,
        Runnable::run);
    vm.keepHistoryIn(history);
    return vm;
  }

  private static void buildToTheEnd(BuildViewModel vm) throws InterruptedException {
    vm.build(SHORT_EXAMPLE, Path.of("."));
    for (int i = 0; i < 500 && vm.isRunning(); i++) {
      vm.drain();
      Thread.sleep(5);
    }
  }

  @Test
  void aFinishedBuildIsKeptAndAnotherViewModelOfTheTemplateShowsItsLog() throws Exception {
    BuildLogArchive history = new BuildLogArchive(dir, 10);
    BuildViewModel first = vm(new ScriptedRuntime(Set.of(0, 1), -1, -1), history);
    buildToTheEnd(first);
    assertThat(history.entries("fastapi-agent")).hasSize(1);

    BuildViewModel later = vm(new ScriptedRuntime(Set.of(), -1, -1), new BuildLogArchive(dir, 10));
    later.loadHistory("fastapi-agent");
    assertThat(later.history()).hasSize(1);
    BuildRecord old = later.history().get(0);
    assertThat(old.status()).isEqualTo(BuildEvent.STATUS_READY);
    assertThat(old.end().ref()).isEqualTo("fastapi-agent@sha256:feedbeef");
    assertThat(old.describe()).contains("Build ready", "2 of 3 cached", "scripted");
    assertThat(old.loaded()).isFalse();

    later.show(old);
    assertThat(later.shownProperty().get().loaded()).isTrue();
    assertThat(LogText.of(later.shownEvents(), null))
        .contains("#1 [1/2] apt  CACHED", "#2 cache miss: parent changed", "#2 DONE 1.2s", "Build ready");
    assertThat(later.shownEvents()).isEqualTo(first.history().get(0).allEvents());
  }

  @Test
  void anotherTemplatesBuildsAreNotShown() throws Exception {
    BuildLogArchive history = new BuildLogArchive(dir, 10);
    buildToTheEnd(vm(new ScriptedRuntime(Set.of(0), -1, -1), history));

    BuildViewModel other = vm(new ScriptedRuntime(Set.of(), -1, -1), history);
    other.loadHistory("another-template");
    assertThat(other.history()).isEmpty();
  }

  @Test
  void aHistoryThatCannotBeWrittenIsSaidInTheSummaryAndTheBuildStillShows() throws Exception {
    Path notAFolder = Files.writeString(dir.resolve("file"), "x");
    BuildViewModel vm = vm(new ScriptedRuntime(Set.of(0), -1, -1), new BuildLogArchive(notAFolder, 10));
    buildToTheEnd(vm);
    assertThat(vm.history()).hasSize(1);
    assertThat(vm.summaryProperty().get()).contains("Build ready", "not kept in the history");
  }

  @Test
  void onlyTheNewestLogsStayInMemoryAndOlderOnesAreReadBackWhenShown() throws Exception {
    BuildViewModel vm = vm(new ScriptedRuntime(Set.of(0), -1, -1), new BuildLogArchive(dir, 10));
    for (int i = 0; i < BuildHistory.LOGS_IN_MEMORY + 2; i++) {
      buildToTheEnd(vm);
    }
    assertThat(vm.history()).hasSize(BuildHistory.LOGS_IN_MEMORY + 2);
    assertThat(vm.history()).extracting(BuildRecord::loaded).containsExactly(true, true, true, false, false);

    BuildRecord oldest = vm.history().get(BuildHistory.LOGS_IN_MEMORY + 1);
    vm.show(oldest);
    assertThat(LogText.of(vm.shownEvents(), null)).contains("#2 working on step 2", "Build ready");
  }
}
