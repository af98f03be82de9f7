package dev.templatestudio.app.studio.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
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

/** Typing into the base card's Image field keeps the card selected and the field focused. */
@ExtendWith(ApplicationExtension.class)
class BaseCardGuiTest {
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

  @Test
  void typingTheBaseImageInTheSelectedTabKeepsTheCardSelected(FxRobot robot) {
    robot.clickOn("#empty-scratch");
    robot.clickOn("#card-0");
    WaitForAsyncUtils.waitForFxEvents();
    Label heading = robot.lookup("#inspector-heading").queryAs(Label.class);
    assertThat(heading.getText()).startsWith("Base image");
    Node stepTab = robot.lookup("#inspector").queryAs(TabPane.class).getTabs().get(0).getContent();
    TextField base = robot.from(stepTab).lookup("#base").queryAs(TextField.class);
    robot.clickOn(base).press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL).type(KeyCode.BACK_SPACE)
        .write("rockylinux:9");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(fx.studio.workspace().current().document().template().base().image()).isEqualTo("rockylinux:9");
    assertThat(heading.getText()).startsWith("Base image");
    assertThat(fx.studio.workspace().current().pipeline().focusedPart()).isZero();
    assertThat(robot.lookup("#pipeline").queryListView().getSelectionModel().getSelectedIndices()).containsExactly(0);
    assertThat(robot.lookup("#inspector").query().getScene().getFocusOwner()).isInstanceOf(TextField.class);
    assertThat(((TextField) robot.lookup("#inspector").query().getScene().getFocusOwner()).getText())
        .isEqualTo("rockylinux:9");
  }
}
