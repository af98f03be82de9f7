package dev.templatestudio.app.studio.gui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.templatestudio.app.studio.LogScript;
import dev.templatestudio.app.studio.ScriptedRuntime;
import dev.templatestudio.app.studio.workspace.EditorSession;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javafx.event.Event;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
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
  private final StudioFixture fx = new StudioFixture(new ScriptedRuntime(Set.of(), -1, -1));

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
    List<Node> gutters = robot.lookup(".log-gutter").queryAll().stream().toList();
    assertThat(gutters).hasSizeGreaterThan(3);
    for (Node g : gutters) {
      assertThat(sceneX(g)).isCloseTo(arrowX, offset(0.5));
    }
    // The text that scrolled under the gutter is hidden: the gutter of a long line is painted over it.
    Node wideGutter = gutters.stream().filter(g -> !(g instanceof Label))
        .filter(g -> Math.abs(sceneBounds(g).getCenterY() - sceneBounds(line).getCenterY()) < 3).findFirst().orElseThrow();
    assertThat(distinctColours(robot, wideGutter)).as("colours in the gutter beside a long line").isEqualTo(1);
  }

  private static double sceneX(Node n) {
    return n.localToScene(0, 0).getX();
  }

  private static Bounds sceneBounds(Node n) {
    return n.localToScene(n.getBoundsInLocal());
  }

  /** The colours a snapshot of the scene shows within {@code n}'s bounds. */
  private static long distinctColours(FxRobot robot, Node n) {
    WritableImage[] shot = new WritableImage[1];
    robot.interact(() -> shot[0] = n.getScene().getRoot().snapshot(null, null));
    Bounds b = sceneBounds(n);
    PixelReader px = shot[0].getPixelReader();
    return IntStream.range((int) Math.ceil(b.getMinY()), (int) Math.floor(b.getMaxY()))
        .flatMap(y -> IntStream.range((int) Math.ceil(b.getMinX()), (int) Math.floor(b.getMaxX()))
            .map(x -> px.getArgb(x, y)))
        .distinct().count();
  }
}
