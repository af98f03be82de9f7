package dev.templatestudio.app.studio.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.DirectTaskRunner;
import dev.templatestudio.app.studio.ScriptedRuntime;
import dev.templatestudio.app.studio.build.BuildViewModel;
import dev.templatestudio.app.studio.logview.LogThreads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status line speaks of the document in front and its build, never of a closed one. */
class StatusBarTest {
  @TempDir
  Path dir;
  private final ScriptedDialogs dialogs = new ScriptedDialogs();
  private final WorkspaceViewModel vm = new WorkspaceViewModel(new DirectTaskRunner(), dialogs,
      () -> new BuildViewModel(() -> new ScriptedRuntime(Set.of(), -1, -1), () -> "scripted",
          new DirectTaskRunner(), () -> 0L, 100, LogThreads.on(Runnable::run, Runnable::run)));

  @Test
  void progressWinsThenTheMessageThenTheBuildResultThenTheDocument() {
    assertThat(StatusBar.text(true, "step 2 of 4 \u00B7 1 cached", "Saved x", "Build ready", "doc"))
        .isEqualTo("Building \u00B7 step 2 of 4 \u00B7 1 cached");
    assertThat(StatusBar.text(false, "", "Saved x", "Build ready", "doc")).isEqualTo("Saved x");
    assertThat(StatusBar.text(false, "", "", "Build ready in 2.0s \u00B7 2 of 3 cached", "doc"))
        .isEqualTo("Build ready in 2.0s \u00B7 2 of 3 cached");
    assertThat(StatusBar.text(false, "", "", "", "doc")).isEqualTo("doc");
    assertThat(StatusBar.documentState("api.template.json \u25CF", true, true))
        .isEqualTo("api.template.json \u00B7 unsaved changes");
    assertThat(StatusBar.documentState("Untitled 1", false, false)).isEqualTo("Untitled 1 \u00B7 not saved to a file yet");
    assertThat(StatusBar.documentState(null, false, false)).isEqualTo("Ready");
  }

  @Test
  void theImportMessageGoesWhenItsTabClosesOrABuildStarts() throws Exception {
    Path dockerfile = Files.writeString(dir.resolve("Dockerfile"), "FROM python:3.12\nFROB x\n");
    dialogs.dockerfile = dockerfile;
    vm.newFromExample();
    vm.importChosen();
    assertThat(vm.statusProperty().get()).contains("Imported", "with 1 error");
    vm.close(vm.current(), () -> { });
    assertThat(vm.statusProperty().get()).isEmpty();
    vm.importChosen();
    EditorSession s = vm.current();
    s.problems().dismissImportErrors();
    s.build();
    assertThat(vm.statusProperty().get()).isEmpty();
  }
}
