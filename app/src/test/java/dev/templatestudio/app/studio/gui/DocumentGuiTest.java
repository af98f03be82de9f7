package dev.templatestudio.app.studio.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.common.StudioDialogs;
import dev.templatestudio.app.studio.document.StepKind;
import dev.templatestudio.app.studio.workspace.EditorSession;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.TemplateJson;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Save, close and reopen through the keyboard; closing unsaved work asks first. */
@ExtendWith(ApplicationExtension.class)
class DocumentGuiTest {
  @TempDir
  Path dir;
  private final StudioFixture fx = new StudioFixture();
  private Stage stage;

  @Start
  void start(Stage stage) {
    this.stage = stage;
    fx.start(stage, dir.resolve("home"));
  }

  @AfterEach
  void stop() {
    fx.stop();
  }

  private void shortcut(FxRobot robot, KeyCode key) {
    robot.press(KeyCode.CONTROL).type(key).release(KeyCode.CONTROL);
    WaitForAsyncUtils.waitForFxEvents();
  }

  @Test
  void saveCloseAndReopenGiveAnEqualTemplate(FxRobot robot) throws Exception {
    robot.clickOn("#empty-example");
    robot.doubleClickOn("#palette-workdir");
    WaitForAsyncUtils.waitForFxEvents();
    EditorSession s = fx.studio.workspace().current();
    Template edited = s.document().template();
    assertThat(edited.steps()).hasSize(5);
    assertThat(stage.getTitle()).isEqualTo("fastapi-agent \u25CF \u2014 Template Studio");

    fx.dialogs.saveTo = dir.resolve("agent");
    shortcut(robot, KeyCode.S);
    Path file = dir.resolve("agent.template.json");
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !s.document().isDirty());
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(TemplateJson.read(file)).isEqualTo(edited);
    assertThat(stage.getTitle()).isEqualTo("fastapi-agent \u2014 Template Studio");

    shortcut(robot, KeyCode.W);
    assertThat(fx.studio.workspace().sessions()).isEmpty();
    assertThat(fx.dialogs.asked).isEmpty();
    fx.dialogs.openFile = file;
    shortcut(robot, KeyCode.O);
    // The session is added, then made current, on the FX thread: wait for both, not between them.
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx.studio.workspace().sessions().size() == 1
        && fx.studio.workspace().current() != null);
    assertThat(fx.studio.workspace().current().document().template()).isEqualTo(edited);
  }

  @Test
  void closingUnsavedWorkAsksAndCancelKeepsTheDocument(FxRobot robot) {
    robot.clickOn("#empty-example");
    robot.interact(() -> fx.studio.workspace().current().pipeline().add(StepKind.USER, 0));
    fx.dialogs.closeChoice = StudioDialogs.CloseChoice.CANCEL;
    shortcut(robot, KeyCode.W);
    assertThat(fx.dialogs.asked).containsExactly("fastapi-agent");
    assertThat(fx.studio.workspace().sessions()).hasSize(1);
    fx.dialogs.closeChoice = StudioDialogs.CloseChoice.DISCARD;
    shortcut(robot, KeyCode.W);
    assertThat(fx.studio.workspace().sessions()).isEmpty();
    assertThat(robot.lookup("#empty-state").query().isVisible()).isTrue();
  }
}
