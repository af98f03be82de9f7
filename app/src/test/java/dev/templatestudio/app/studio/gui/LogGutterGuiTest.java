package dev.templatestudio.app.studio.gui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.templatestudio.app.studio.LogScript;
import dev.templatestudio.app.studio.workspace.EditorSession;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.event.Event;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.PickResult;
import javafx.scene.input.ScrollEvent;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.fxmisc.richtext.StyleClassedTextArea;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The build log's gutter stays at the left, over the text, while long lines scroll sideways. */
@ExtendWith(ApplicationExtension.class)
class LogGutterGuiTest {
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

  private StyleClassedTextArea area(FxRobot robot) {
    return robot.lookup("#build-log").queryAs(StyleClassedTextArea.class);
  }

  @Test
  void scrollingSidewaysMovesTheTextUnderAGutterThatStaysPut(FxRobot robot) throws Exception {
    robot.clickOn("#empty-example");
    EditorSession s = fx.studio.workspace().current();
    String wide = "wide-".repeat(60);
    LogScript build = new LogScript(1).step(1, "make", "first " + wide + "end", "second " + wide + "end");
    robot.interact(() -> s.builds().follow(build.log()));
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> area(robot).getText().contains("#1 DONE"));
    WaitForAsyncUtils.waitForFxEvents();
    StyleClassedTextArea a = area(robot);
    Label arrow = robot.lookup(".log-fold-arrow").queryAs(Label.class);
    double arrowX = sceneX(arrow);
    Node line = robot.lookup(".text").match(n -> n instanceof Text t && t.getText().startsWith("second"))
        .query();
    double lineX = sceneX(line);

    // What a sideways wheel or touchpad delivers to the text under the pointer.
    robot.interact(() -> {
      Point2D at = line.localToScreen(10, 5);
      Point2D local = line.screenToLocal(at);
      Event.fireEvent(line, new ScrollEvent(ScrollEvent.SCROLL, local.getX(), local.getY(), at.getX(), at.getY(),
          false, false, false, false, false, false, -240, 0, -240, 0, ScrollEvent.HorizontalTextScrollUnits.NONE, 0,
          ScrollEvent.VerticalTextScrollUnits.NONE, 0, 0, new PickResult(line, at.getX(), at.getY())));
    });
    WaitForAsyncUtils.waitForFxEvents();

    assertThat(a.getEstimatedScrollX()).isGreaterThan(100);
    assertThat(sceneX(line)).as("the text moved left").isLessThan(lineX - 100);
    assertThat(sceneX(arrow)).as("the fold arrow stayed").isCloseTo(arrowX, offset(0.5));
    // Only step headers have a gutter node (a node per line cost most of filling the view):
    // each stays put, and is painted opaque over the text scrolled under it.
    List<Node> gutters = robot.lookup(".log-gutter").queryAll().stream().toList();
    assertThat(gutters).isNotEmpty().allMatch(g -> g instanceof Label);
    for (Node g : gutters) {
      assertThat(sceneX(g)).isCloseTo(arrowX, offset(0.5));
    }
    assertThat(((Label) gutters.get(0)).getBackground()).as("painted, so text passes under it").isNotNull();
    assertThat(((Label) gutters.get(0)).getBackground().getFills()).isNotEmpty();
  }

  private static double sceneX(Node n) {
    return n.localToScene(0, 0).getX();
  }

}
