package dev.templatestudio.app.studio.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.DirectTaskRunner;
import dev.templatestudio.app.studio.ScriptedRuntime;
import dev.templatestudio.app.studio.build.BuildViewModel;
import dev.templatestudio.app.studio.common.StudioDialogs;
import dev.templatestudio.app.studio.document.Examples;
import dev.templatestudio.app.studio.document.StepKind;
import dev.templatestudio.app.studio.logview.LogThreads;
import dev.templatestudio.app.studio.problems.ProblemItem;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.TemplateJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceViewModelTest {
  @TempDir
  Path dir;
  private final ScriptedDialogs dialogs = new ScriptedDialogs();
  private final ScriptedRuntime runtime = new ScriptedRuntime(Set.of(), -1, -1);
  private final WorkspaceViewModel vm = new WorkspaceViewModel(new DirectTaskRunner(), dialogs,
      () -> new BuildViewModel(() -> runtime, () -> "scripted",
          new DirectTaskRunner(), () -> 0L, 100, LogThreads.on(Runnable::run, Runnable::run)));

  private static void buildToTheEnd(EditorSession s) throws InterruptedException {
    s.build();
    for (int i = 0; i < 500 && s.builds().isRunning(); i++) {
      s.builds().drain();
      Thread.sleep(5);
    }
  }

  @Test
  void saveCloseAndReopenGiveTheSameTemplate() throws Exception {
    EditorSession s = vm.newFromExample();
    s.pipeline().add(StepKind.COPY, 2);
    Template edited = s.document().template();
    dialogs.saveTo = dir.resolve("agent");
    vm.save(s, () -> { });
    Path file = dir.resolve("agent.template.json");
    assertThat(s.document().path()).isEqualTo(file);
    assertThat(s.document().isDirty()).isFalse();
    assertThat(TemplateJson.read(file)).isEqualTo(edited);
    vm.close(s, () -> { });
    assertThat(vm.sessions()).isEmpty();
    vm.open(file);
    assertThat(vm.current().document().template()).isEqualTo(edited);
    assertThat(vm.current().document().isDirty()).isFalse();
  }

  @Test
  void closingUnsavedWorkAsksAndCancelKeepsIt() {
    EditorSession s = vm.newFromExample();
    s.document().edit("x", t -> t.withName("x"));
    dialogs.closeChoice = StudioDialogs.CloseChoice.CANCEL;
    vm.close(s, () -> { });
    assertThat(vm.sessions()).containsExactly(s);
    assertThat(dialogs.asked).containsExactly("x");
    dialogs.closeChoice = StudioDialogs.CloseChoice.DISCARD;
    vm.close(s, () -> { });
    assertThat(vm.sessions()).isEmpty();
  }

  @Test
  void importOpensANewDocumentWithDiagnosticsAndUndoTakesItBack() throws Exception {
    Path dockerfile = Files.writeString(dir.resolve("Dockerfile"),
        "FROM python:3.12\nLABEL a=b\nRUN pip install flask\n");
    dialogs.dockerfile = dockerfile;
    vm.importChosen();
    EditorSession s = vm.current();
    assertThat(s.document().template().base().image()).isEqualTo("python:3.12");
    assertThat(s.document().isDirty()).isTrue();
    assertThat(s.problems().items()).extracting(ProblemItem::line).contains(2);
    assertThat(s.contextDir()).isEqualTo(dir);
    assertThat(s.preview().hasSource()).isTrue();
    s.document().undo();
    assertThat(s.document().template()).isEqualTo(Examples.scratch());
    s.document().redo();
    assertThat(s.document().template().steps()).hasSize(1);
  }

  @Test
  void aDockerfileThatIsNotUtf8ImportsAsOnTheCommandLineAndBuildsUnderItsFoldersName() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("My Site"));
    dialogs.dockerfile = Files.write(folder.resolve("Dockerfile"),
        "FROM python:3.12\nRUN echo caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    vm.importChosen();
    EditorSession s = vm.current();
    assertThat(dialogs.errors).isEmpty();
    assertThat(s.document().template().steps()).containsExactly(new RunStep("echo caf\u00e9"));
    assertThat(s.problems().items()).singleElement().satisfies(p -> {
      assertThat(p.error()).isFalse();
      assertThat(p.line()).isEqualTo(2);
      assertThat(p.message()).startsWith("not UTF-8 text (byte 0xe9 here): the file was read as Latin-1");
    });
    assertThat(s.document().displayName()).as("its tab: file and folder").isEqualTo("Dockerfile \u2014 My Site");
    assertThat(s.publishName()).isEqualTo("my-site");
    assertThat(s.inspector().namePromptProperty().get()).isEqualTo("my-site (from its file)");

    buildToTheEnd(s);
    assertThat(runtime.lastRequest().effectiveName()).as("as `template-studio build` names it").isEqualTo("my-site");
    assertThat(s.history().records().get(0).entry().template()).isEqualTo("my-site");
  }

  @Test
  void aTemplateWithoutANameBuildsUnderItsFilesNameAndItsOwnOnceItHasOne() throws Exception {
    Path file = Files.writeString(dir.resolve("web.template.json"), TemplateJson.write(Examples.scratch()));
    vm.open(file);
    EditorSession s = vm.current();
    assertThat(s.publishName()).isEqualTo("web");
    buildToTheEnd(s);
    assertThat(runtime.lastRequest().effectiveName()).isEqualTo("web");
    s.document().edit("Name", t -> t.withName("api"));
    assertThat(s.publishName()).isEqualTo("api");
    assertThat(vm.newScratch().publishName()).as("a new document has no file to suggest one").isNull();
  }

  @Test
  void droppedFilesOpenImportOrSayWhyNot() throws Exception {
    Path json = dir.resolve("t.template.json");
    Files.writeString(json, TemplateJson.write(Examples.python()));
    Files.writeString(dir.resolve("notes.txt"), "hi");
    vm.drop(List.of(json, dir.resolve("notes.txt")));
    assertThat(vm.sessions()).hasSize(1);
    assertThat(dialogs.errors).containsExactly("notes.txt is neither a template (*.template.json) nor a Dockerfile.");
  }

  @Test
  void aBrokenTemplateFileIsOneSentenceWithItsPlace() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.template.json"), "{\"schema\":\"template-studio/v1\",\"base\":{\"image\":\"a\"},\"stepz\":[]}");
    vm.open(bad);
    assertThat(vm.sessions()).isEmpty();
    assertThat(dialogs.errors).hasSize(1);
    assertThat(dialogs.errors.get(0)).contains("bad.template.json").contains("unknown field \"stepz\"");
  }

  @Test
  void buildIsBlockedWithAReasonWhileTheTemplateHasErrors() {
    EditorSession s = vm.newFromExample();
    s.document().edit("bad", t -> t.withName("Bad Name"));
    assertThat(s.problems().blockedReasonProperty().get()).startsWith("Cannot build: 1 error \u2014 name: name \"Bad Name\"");
    s.build();
    assertThat(s.builds().isRunning()).isFalse();
    assertThat(s.history().records()).isEmpty();
  }

  @Test
  void anImportWithErrorsBlocksTheBuildAndSaysSoInTheStatus() throws Exception {
    Path dockerfile = Files.writeString(dir.resolve("Dockerfile"),
        "FROM python:3.12\nFROB x\nLABEL a=b\nFRIB y\nRUN pip install flask\n");
    dialogs.dockerfile = dockerfile;
    vm.importChosen();
    EditorSession s = vm.current();
    assertThat(vm.statusProperty().get()).endsWith(" with 2 errors and 1 warning");
    assertThat(s.problems().blockedReasonProperty().get())
        .isEqualTo("2 instructions of the Dockerfile could not be imported; see Problems");
    s.build();
    assertThat(s.builds().isRunning()).isFalse();
    s.problems().dismissImportErrors();
    s.build();
    assertThat(s.builds().isRunning()).isTrue();
  }

  @Test
  void theFirstUntitledDocumentIsUntitledOne() {
    EditorSession example = vm.newFromExample();
    assertThat(example.document().displayName()).isEqualTo("fastapi-agent");
    assertThat(vm.newScratch().document().displayName()).isEqualTo("Untitled 1");
    assertThat(vm.newScratch().document().displayName()).isEqualTo("Untitled 2");
  }
}
