package dev.templatestudio.app.studio.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.workspace.EditorSession;
import dev.templatestudio.bridge.template.AptStep;
import java.nio.file.Path;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
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

/** Editing in the inspector: the preview follows; a validation error shows and blocks Build. */
@ExtendWith(ApplicationExtension.class)
class InspectorGuiTest {
  @TempDir
  Path home;
  private final StudioFixture fx = new StudioFixture();

  @Start
  void start(Stage stage) {
    fx.start(stage, home);
  }

  @AfterEach
  void stop() {
    fx.stop();
  }

  private EditorSession session() {
    return fx.studio.workspace().current();
  }

  @Test
  void editingAFieldChangesThePreviewAndUndoRestoresIt(FxRobot robot) {
    robot.clickOn("#empty-example");
    robot.clickOn("#card-1");
    CodeArea preview = robot.lookup("#preview").query();
    assertThat(preview.getText()).contains("apt-get install -y git curl\n");
    robot.clickOn("#steps-0--packages").press(KeyCode.CONTROL).type(KeyCode.END).release(KeyCode.CONTROL)
        .type(KeyCode.ENTER).write("vim");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(((AptStep) session().document().template().steps().get(0)).packages()).containsExactly("git", "curl", "vim");
    assertThat(preview.getText()).contains("apt-get install -y git curl vim\n");
    assertThat(robot.lookup("#card-1").queryAs(javafx.scene.control.ListCell.class).getItem().toString()).contains("git, curl, vim");
    assertThat(preview.getParagraph(3).getParagraphStyle()).contains("selected-line");

    // Typing merges into one undo step unless the robot types slower than the merge window.
    for (int i = 0; i < 5 && preview.getText().contains("vim"); i++) {
      robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
      WaitForAsyncUtils.waitForFxEvents();
    }
    assertThat(preview.getText()).contains("apt-get install -y git curl\n");
    assertThat(session().document().isDirty()).isFalse();
    robot.press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.Z).release(KeyCode.SHIFT, KeyCode.CONTROL);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(session().document().isDirty()).isTrue();

    // Delete in a field deletes a character, not the step.
    robot.clickOn("#steps-0--packages").press(KeyCode.CONTROL).type(KeyCode.HOME).release(KeyCode.CONTROL)
        .type(KeyCode.DELETE);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(session().document().template().steps()).hasSize(4);
    assertThat(((AptStep) session().document().template().steps().get(0)).packages().get(0)).isEqualTo("it");
  }

  @Test
  void aValidationErrorIsShownAtTheFieldAndBuildIsDisabledWithTheReason(FxRobot robot) {
    robot.clickOn("#empty-example");
    Button build = robot.lookup("#tb-build").queryButton();
    assertThat(build.isDisabled()).isFalse();
    robot.clickOn("#inspector-template-tab");
    TextField name = robot.lookup("#name").queryAs(TextField.class);
    robot.clickOn(name);
    robot.interact(() -> name.setText("Bad Name"));
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(build.isDisabled()).isTrue();
    Label reason = robot.lookup("#build-blocked-reason").queryAs(Label.class);
    assertThat(reason.getText()).isEqualTo("Cannot build: 1 error");
    assertThat(reason.getTooltip().getText()).startsWith("Cannot build: 1 error \u2014 name: name \"Bad Name\"");
    assertThat(name.getStyleClass()).contains("field-error");
    javafx.scene.control.ListView<dev.templatestudio.app.studio.problems.ProblemItem> problems =
        robot.lookup("#problems").queryListView();
    assertThat(problems.getItems()).filteredOn(p -> p.rule() == null)
        .extracting(dev.templatestudio.app.studio.problems.ProblemItem::field).containsExactly("name");
    robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(session().document().template().name()).isEqualTo("fastapi-agent");
    assertThat(build.isDisabled()).isFalse();
    assertThat(reason.getText()).isEmpty();
    assertThat(name.getStyleClass()).doesNotContain("field-error");
  }

  @Test
  void theFailingCardIsMarkedWithItsProblem(FxRobot robot) {
    robot.clickOn("#empty-example");
    robot.interact(() -> session().document().edit("bad", t -> t.withStep(1,
        new dev.templatestudio.bridge.template.PipStep(java.util.List.of("a b")))));
    WaitForAsyncUtils.waitForFxEvents();
    Label reason = robot.lookup("#build-blocked-reason").queryAs(Label.class);
    assertThat(reason.getText()).isEqualTo("Cannot build: 1 error in step 2");
    javafx.scene.control.ListCell<?> card = robot.lookup("#card-2").queryAs(javafx.scene.control.ListCell.class);
    assertThat(card.getPseudoClassStates()).extracting(Object::toString).contains("error");
    assertThat(card.getTooltip().getText()).startsWith("step 2");
    javafx.scene.control.ListCell<?> fine = robot.lookup("#card-1").queryAs(javafx.scene.control.ListCell.class);
    assertThat(fine.getPseudoClassStates()).extracting(Object::toString).doesNotContain("error");
    robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(card.getPseudoClassStates()).extracting(Object::toString).doesNotContain("error");
  }

  @Test
  void aNewlyAddedStepIsShownInTheInspector(FxRobot robot) {
    robot.clickOn("#empty-example");
    robot.clickOn("#inspector-template-tab");
    robot.doubleClickOn("#palette-run");
    WaitForAsyncUtils.waitForFxEvents();
    javafx.scene.control.TabPane inspector = robot.lookup("#inspector").queryAs(javafx.scene.control.TabPane.class);
    assertThat(inspector.getSelectionModel().getSelectedIndex()).isZero();
    assertThat(robot.lookup("#inspector-heading").queryAs(Label.class).getText()).isEqualTo("Run command \u00B7 step 2");
  }
}
