package dev.templatestudio.app.studio.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
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

/**
 * Choosing the Docker Engine builds run on: an address checked at the field as it is typed,
 * Enter and Esc in the dialog, the choice remembered, shown and used by the next build.
 */
@ExtendWith(ApplicationExtension.class)
class DockerRuntimeGuiTest {
  @TempDir
  Path home;
  private final StudioFixture fx = new StudioFixture();

  @Start
  void start(Stage stage) {
    // No test runtime: builds open the runtime chosen in the toolbar.
    fx.start(stage, home, null);
  }

  @AfterEach
  void stop() {
    fx.stop();
  }

  private <T extends Node> T node(FxRobot robot, String id, Class<T> type) {
    return robot.lookup(id).queryAs(type);
  }

  private boolean dialogShowing(FxRobot robot) {
    return robot.lookup("#docker-address").tryQuery().isPresent();
  }

  /** Types where the dialog's focus is (TestFX writes into the window it last clicked). */
  private void typeIntoDialog(FxRobot robot, String text) {
    robot.targetWindow(robot.lookup("#docker-address").query().getScene().getWindow()).write(text);
  }

  private void key(FxRobot robot, KeyCode modifier, KeyCode key) {
    robot.press(modifier).type(key).release(modifier);
    WaitForAsyncUtils.waitForFxEvents();
  }

  @Test
  void aTcpAddressIsCheckedAtTheFieldRememberedAndUsedByTheNextBuild(FxRobot robot) throws Exception {
    robot.clickOn("#tb-runtime").clickOn("Docker\u2026");
    assertThat(node(robot, "#docker-local", RadioButton.class).isSelected()).isTrue();
    assertThat(node(robot, "#docker-local-engine", Label.class).getText())
        .isEqualTo(fx.studio.runtimes().localDockerEngine());

    key(robot, KeyCode.ALT, KeyCode.A);
    assertThat(node(robot, "#docker-remote", RadioButton.class).isSelected()).isTrue();
    assertThat(node(robot, "#docker-address", TextField.class).isFocused()).isTrue();
    typeIntoDialog(robot, "127.0.0.1:1");
    assertThat(node(robot, "#docker-address-problem", Label.class).getText())
        .isEqualTo("Start the address with tcp://, such as tcp://192.168.1.20:2375.");
    assertThat(node(robot, "#docker-address", TextField.class).getStyleClass()).contains("input-problem");
    DialogPane pane = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
    assertThat(pane.lookupButton(ButtonType.OK).isDisabled()).isTrue();
    assertThat(pane.getHeight()).as("the message fits without the dialog growing").isGreaterThanOrEqualTo(
        pane.prefHeight(pane.getWidth()));
    robot.type(KeyCode.ENTER);
    assertThat(dialogShowing(robot)).as("Enter does not accept a wrong address").isTrue();

    key(robot, KeyCode.CONTROL, KeyCode.A);
    typeIntoDialog(robot, "tcp://127.0.0.1:1");
    assertThat(node(robot, "#docker-address-problem", Label.class).getText()).isEmpty();
    assertThat(node(robot, "#docker-address", TextField.class).getStyleClass()).doesNotContain("input-problem");
    robot.type(KeyCode.ENTER);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(dialogShowing(robot)).isFalse();

    assertThat(fx.studio.runtimes().choiceProperty().get().spec()).isEqualTo("docker:tcp://127.0.0.1:1");
    assertThat(node(robot, "#tb-runtime", ComboBox.class).getValue().toString()).isEqualTo("Docker tcp://127.0.0.1:1");
    assertThat(node(robot, "#status-runtime", Label.class).getText()).startsWith("docker tcp://127.0.0.1:1");
    assertThat(fx.prefsNode.get("runtime.docker", null)).isEqualTo("tcp://127.0.0.1:1");

    robot.clickOn("#empty-example");
    key(robot, KeyCode.CONTROL, KeyCode.B);
    Label status = node(robot, "#status-text", Label.class);
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> status.getText().contains("tcp://127.0.0.1:1"));
    assertThat(status.getText()).contains("cannot reach the Docker Engine at tcp://127.0.0.1:1");
  }

  @Test
  void escKeepsTheEngineAndTheLocalOneIsChosenByKeyboardFromTheMenu(FxRobot robot) {
    robot.interact(() -> fx.studio.runtimes().choiceProperty().set(
        dev.templatestudio.app.studio.runtimes.RuntimeChoice.docker("tcp://build:2375")));
    robot.clickOn("#tb-runtime").clickOn("Docker\u2026");
    assertThat(node(robot, "#docker-address", TextField.class).getText()).isEqualTo("tcp://build:2375");
    assertThat(node(robot, "#docker-address", TextField.class).isFocused()).isTrue();
    typeIntoDialog(robot, "9");
    robot.type(KeyCode.ESCAPE);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(dialogShowing(robot)).isFalse();
    assertThat(fx.studio.runtimes().choiceProperty().get().spec()).isEqualTo("docker:tcp://build:2375");

    robot.clickOn("Runtime").clickOn("Docker\u2026");
    robot.targetWindow(robot.lookup("#docker-address").query().getScene().getWindow());
    key(robot, KeyCode.ALT, KeyCode.L);
    assertThat(node(robot, "#docker-local", RadioButton.class).isSelected()).isTrue();
    robot.type(KeyCode.ENTER);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(dialogShowing(robot)).isFalse();
    assertThat(fx.studio.runtimes().choiceProperty().get().spec()).isEqualTo("docker");
    assertThat(fx.prefsNode.get("runtime.docker", null)).isNull();
    assertThat(node(robot, "#tb-runtime", ComboBox.class).getItems()).extracting(Object::toString)
        .containsExactly("Embedded", "Remote \u2026", "Docker", "Docker \u2026");
  }
}
