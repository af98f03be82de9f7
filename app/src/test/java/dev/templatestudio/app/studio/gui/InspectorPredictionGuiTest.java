package dev.templatestudio.app.studio.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.workspace.EditorSession;
import dev.templatestudio.bridge.runtimes.Runtimes;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Template;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.control.Label;
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
 * Issue 15: the inspector says what the next build would do with the selected step (from the
 * cache, or run and why, the whole reason) and follows the prediction as edits change it, as a
 * build ends and as another card is selected.
 */
@ExtendWith(ApplicationExtension.class)
class InspectorPredictionGuiTest {
  @TempDir
  static Path dir;
  private final StudioFixture fx = new StudioFixture(null);

  @Start
  void start(Stage stage) {
    fx.start(stage, dir.resolve("home"), () -> Runtimes.open("embedded", dir.resolve("store")));
  }

  @AfterEach
  void stop() {
    fx.stop();
  }

  private static void expectNextBuild(FxRobot robot, String text) throws Exception {
    Label next = robot.lookup("#inspector-next-build").queryAs(Label.class);
    try {
      WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> next.getText().equals(text) && next.isVisible());
    } catch (TimeoutException e) {
      assertThat(next.getText()).as("the inspector's next build line").isEqualTo(text);
      assertThat(next.isVisible()).as("the inspector's next build line is shown").isTrue();
    }
  }

  @Test
  void theInspectorSaysWhatTheNextBuildWouldDoWithTheSelectedStep(FxRobot robot) throws Exception {
    Template t = StudioFixture.busybox(dir.resolve("busybox"), "inspected", new RunStep("echo one > /one"),
        new RunStep("cat /one"));
    robot.interact(() -> fx.studio.workspace().newWith(t, "inspected"));
    EditorSession s = fx.studio.workspace().current();
    robot.clickOn("#card-1");
    expectNextBuild(robot, "Next build: will run because first build");

    robot.press(KeyCode.CONTROL).type(KeyCode.B).release(KeyCode.CONTROL);
    WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> s.history().records().size() == 1);
    assertThat(s.history().records().get(0).status()).isEqualTo("ready");
    expectNextBuild(robot, "Next build: will be CACHED");

    robot.interact(() -> s.document().edit("Edit run", x -> x.withStep(0, new RunStep("echo two > /one"))));
    expectNextBuild(robot, "Next build: will run because command changed: echo one > /one -> echo two > /one");
    robot.clickOn("#card-2");
    expectNextBuild(robot, "Next build: will run because parent step 1 changed");

    // Undone, the template is as built again: the selected step comes from the cache.
    robot.interact(() -> s.document().undo());
    expectNextBuild(robot, "Next build: will be CACHED");
  }
}
