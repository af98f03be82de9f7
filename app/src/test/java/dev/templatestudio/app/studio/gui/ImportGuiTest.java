package dev.templatestudio.app.studio.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.document.Examples;
import dev.templatestudio.app.studio.preview.PreviewFormat;
import dev.templatestudio.app.studio.problems.ProblemItem;
import dev.templatestudio.app.studio.workspace.EditorSession;
import dev.templatestudio.bridge.template.TemplateJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.fxmisc.richtext.CodeArea;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Importing by a dropped file and by the menu; dropping a template opens it; undo of an import. */
@ExtendWith(ApplicationExtension.class)
class ImportGuiTest {
  private static final String DOCKERFILE = "FROM python:3.12\nLABEL team=ai\nRUN apt-get update && apt-get install -y git\n"
      + "RUN pip install fastapi\n";
  @TempDir
  Path dir;
  private final StudioFixture fx = new StudioFixture();

  @Start
  void start(Stage stage) {
    fx.start(stage, dir.resolve("home"));
  }

  @AfterEach
  void stop() {
    fx.stop();
  }

  private EditorSession awaitDocuments(int n) throws Exception {
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx.studio.workspace().sessions().size() == n);
    WaitForAsyncUtils.waitForFxEvents();
    return fx.studio.workspace().current();
  }

  @Test
  void aDockerfileDroppedOnTheWindowOpensWithItsDiagnosticsClickableToTheLine(FxRobot robot) throws Exception {
    Path file = Files.writeString(dir.resolve("Dockerfile"), DOCKERFILE);
    boolean[] done = new boolean[1];
    robot.interact(() -> done[0] = FileDrops.drop(robot.lookup("#empty-state").query(), List.of(file)));
    assertThat(done[0]).isTrue();
    EditorSession s = awaitDocuments(1);
    assertThat(s.document().template().steps()).hasSize(2);
    ListView<ProblemItem> problems = robot.lookup("#problems").queryListView();
    assertThat(problems.getItems()).filteredOn(p -> p.rule() == null).extracting(ProblemItem::line).containsExactly(2);
    assertThat(problems.getItems().get(0).error()).isFalse();
    robot.clickOn("#tab-problems");
    robot.clickOn(problems.lookup(".list-cell"));
    WaitForAsyncUtils.waitForFxEvents();
    CodeArea preview = robot.lookup("#preview").query();
    assertThat(s.preview().formatProperty().get()).isEqualTo(PreviewFormat.SOURCE);
    assertThat(preview.getSelectedText()).isEqualTo("LABEL team=ai");
    // The lint runs in the background; its findings join the list as warnings with their rule.
    WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS,
        () -> problems.getItems().stream().anyMatch(p -> "PIP-CACHE".equals(p.rule())));
    assertThat(problems.getItems()).filteredOn(p -> p.rule() != null)
        .extracting(ProblemItem::rule, ProblemItem::part, ProblemItem::error)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("APT-RECOMMENDS", 1, false),
            org.assertj.core.groups.Tuple.tuple("PIP-CACHE", 2, false));

    robot.interact(() -> s.document().undo());
    assertThat(s.document().template()).isEqualTo(Examples.scratch());
    robot.interact(() -> s.document().redo());
    assertThat(s.document().template().base().image()).isEqualTo("python:3.12");
  }

  @Test
  void aLatin1DockerfileDroppedInAFolderImportsWithAWarningAndTheNameItsFolderGives(FxRobot robot) throws Exception {
    Path folder = Files.createDirectories(dir.resolve("web"));
    Files.write(folder.resolve("Dockerfile"), "FROM python:3.12\nRUN echo caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    robot.interact(() -> FileDrops.drop(robot.lookup("#empty-state").query(), List.of(folder)));
    EditorSession s = awaitDocuments(1);
    assertThat(fx.dialogs.errors).isEmpty();
    ListView<ProblemItem> problems = robot.lookup("#problems").queryListView();
    assertThat(problems.getItems()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(2);
      assertThat(p.error()).isFalse();
      assertThat(p.message()).contains("Latin-1");
    });
    assertThat(robot.lookup(".tab-label").queryAll()).anySatisfy(n ->
        assertThat(((javafx.scene.control.Label) n).getText()).isEqualTo("Dockerfile \u2014 web \u25CF"));
    robot.clickOn("#inspector-template-tab");
    assertThat(robot.lookup("#name").queryTextInputControl().getPromptText()).isEqualTo("web (from its file)");
    assertThat(s.publishName()).isEqualTo("web");
  }

  @Test
  void importByTheMenuWithTheFileChosenProgrammatically(FxRobot robot) throws Exception {
    fx.dialogs.dockerfile = Files.writeString(dir.resolve("api.Dockerfile"), DOCKERFILE);
    robot.clickOn("File");
    // The menu item, not the toolbar button of the same name behind the open menu.
    WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> menuItem(robot).isPresent());
    robot.clickOn(menuItem(robot).orElseThrow());
    EditorSession s = awaitDocuments(1);
    assertThat(s.document().template().steps()).hasSize(2);
    assertThat(s.document().isDirty()).isTrue();
    assertThat(robot.lookup("#pipeline").queryListView().getItems()).hasSize(3);
  }

  private static java.util.Optional<javafx.scene.Node> menuItem(FxRobot robot) {
    return robot.lookup(".context-menu .menu-item .label")
        .match(org.testfx.matcher.control.LabeledMatchers.hasText("Import Dockerfile\u2026")).tryQuery();
  }

  @Test
  void aTemplateDroppedOnTheWindowOpens(FxRobot robot) throws Exception {
    Path file = Files.writeString(dir.resolve("agent.template.json"), TemplateJson.write(Examples.python()));
    robot.interact(() -> FileDrops.drop(robot.lookup("#empty-state").query(), List.of(file)));
    EditorSession s = awaitDocuments(1);
    assertThat(s.document().template()).isEqualTo(Examples.python());
    assertThat(s.document().path()).isEqualTo(file.toAbsolutePath());
    assertThat(robot.lookup(".tab-label").queryAll()).anySatisfy(n ->
        assertThat(((javafx.scene.control.Label) n).getText()).isEqualTo("fastapi-agent"));
  }
}
