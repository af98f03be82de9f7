package dev.templatestudio.app.studio.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.pipeline.PipelineCard;
import dev.templatestudio.bridge.template.Step;
import java.nio.file.Path;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Composing in the real scene: drag from the palette, reorder by drag and keys, undo/redo. */
@ExtendWith(ApplicationExtension.class)
class EditingGuiTest {
  @TempDir
  static Path home;
  private final StudioFixture fx = new StudioFixture();

  @Start
  void start(Stage stage) {
    fx.start(stage, home);
  }

  @AfterEach
  void stop() {
    fx.stop();
  }

  private List<String> types() {
    return fx.studio.workspace().current().document().template().steps().stream().map(Step::type).toList();
  }

  private Point2D upperQuarter(FxRobot robot, String query) {
    Bounds b = robot.lookup(query).query().localToScreen(robot.lookup(query).query().getBoundsInLocal());
    return new Point2D(b.getMinX() + b.getWidth() / 3, b.getMinY() + b.getHeight() / 4);
  }

  @Test
  void dragAPaletteItemOntoThePipelineAtAPosition(FxRobot robot) {
    robot.clickOn("#empty-example");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(types()).containsExactly("apt", "pip", "copy", "workdir");
    robot.drag("#palette-run").dropTo(upperQuarter(robot, "#card-2"));
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(types()).containsExactly("apt", "run", "pip", "copy", "workdir");
    ListView<PipelineCard> pipeline = robot.lookup("#pipeline").queryListView();
    assertThat(pipeline.getSelectionModel().getSelectedIndex()).isEqualTo(2);
    robot.press(javafx.scene.input.KeyCode.CONTROL).type(javafx.scene.input.KeyCode.Z).release(javafx.scene.input.KeyCode.CONTROL);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(types()).containsExactly("apt", "pip", "copy", "workdir");
  }

  @Test
  void reorderByDragAndByAltArrows(FxRobot robot) {
    robot.clickOn("#empty-example");
    WaitForAsyncUtils.waitForFxEvents();
    robot.drag("#card-2").dropTo(upperQuarter(robot, "#card-1"));
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(types()).containsExactly("pip", "apt", "copy", "workdir");
    Node card = robot.lookup("#card-1").query();
    robot.clickOn(card);
    robot.press(javafx.scene.input.KeyCode.ALT).type(javafx.scene.input.KeyCode.DOWN).release(javafx.scene.input.KeyCode.ALT);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(types()).containsExactly("apt", "pip", "copy", "workdir");
    robot.interact(() -> fx.studio.workspace().current().document().undo());
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(types()).containsExactly("pip", "apt", "copy", "workdir");
  }
}
