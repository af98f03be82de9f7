package dev.templatestudio.app.studio.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.ScriptedRuntime;
import dev.templatestudio.app.studio.document.Examples;
import dev.templatestudio.app.studio.workspace.EditorSession;
import dev.templatestudio.bridge.template.RunStep;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.text.Text;
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
 * Issue 15, finding 3: at 1024x700 (and 800x560) every card's badge stays in the pipeline's
 * visible viewport however long its text, also after the window grew and shrank again, and the
 * preview's buttons keep their whole labels.
 */
@ExtendWith(ApplicationExtension.class)
class SmallWindowGuiTest {
  @TempDir
  Path home;
  private final StudioFixture fx = new StudioFixture(new ScriptedRuntime(Set.of(0, 1), -1, -1));
  private Stage stage;

  @Start
  void start(Stage stage) {
    this.stage = stage;
    fx.start(stage, home);
  }

  @AfterEach
  void stop() {
    fx.stop();
  }

  private void size(FxRobot robot, double w, double h) {
    robot.interact(() -> {
      stage.setWidth(w);
      stage.setHeight(h);
    });
    WaitForAsyncUtils.waitForFxEvents();
  }

  private void assertBadgesVisible(FxRobot robot, String when) {
    ListView<?> pipeline = robot.lookup("#pipeline").queryListView();
    Bounds viewport = pipeline.localToScreen(pipeline.getLayoutBounds());
    Bounds window = new javafx.geometry.BoundingBox(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight());
    for (int part = 0; part <= 2; part++) {
      Label badge = robot.lookup("#card-" + part + " .badge").queryAs(Label.class);
      Bounds b = badge.localToScreen(badge.getLayoutBounds());
      assertThat(viewport.contains(b)).as("%s: the badge of card %d (%s) inside the pipeline %s", when, part, b, viewport)
          .isTrue();
      assertThat(window.contains(b)).as("%s: the badge of card %d inside the window", when, part).isTrue();
      assertThat(shown(badge)).as("%s: the badge of card %d shows its whole text", when, part)
          .isEqualTo(badge.getText());
    }
  }

  private static String shown(Labeled l) {
    Node text = l.lookup(".text");
    return text instanceof Text t ? t.getText() : "";
  }

  @Test
  void badgesStayVisibleAndPreviewButtonsKeepTheirLabelsInASmallWindow(FxRobot robot) throws Exception {
    String longCommand = "echo " + "a-really-long-argument-that-goes-on ".repeat(12);
    robot.interact(() -> fx.studio.workspace().newWith(Examples.python().withSteps(
        java.util.stream.Stream.concat(Examples.python().steps().stream().limit(1),
            java.util.stream.Stream.of(new RunStep(longCommand))).toList()), "long"));
    EditorSession s = fx.studio.workspace().current();
    size(robot, 1024, 700);
    robot.interact(s::build);
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !s.history().records().isEmpty());
    WaitForAsyncUtils.waitForFxEvents();
    assertBadgesVisible(robot, "1024x700");
    for (String id : new String[] {"#preview-dockerfile", "#preview-json", "#preview-python"}) {
      Labeled b = robot.lookup(id).queryAs(Labeled.class);
      assertThat(shown(b)).as("the preview button %s at 1024x700", id).isEqualTo(b.getText());
    }
    size(robot, 1400, 900);
    size(robot, 1024, 700);
    assertBadgesVisible(robot, "1024x700 after 1400x900");
    size(robot, 800, 560);
    assertBadgesVisible(robot, "800x560");
    for (String id : new String[] {"#log-find", "#log-follow", "#preview-dockerfile", "#preview-python"}) {
      Labeled b = robot.lookup(id).queryAs(Labeled.class);
      assertThat(shown(b)).as("the button %s at 800x560", id).isEqualTo(b.getText());
    }
  }
}
