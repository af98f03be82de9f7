package dev.templatestudio.app.studio.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.workspace.EditorSession;
import dev.templatestudio.bridge.runtimes.Runtimes;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Template;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.input.KeyCode;
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
 * Issue 15: the predicted badge of a card with a long command keeps its whole text at 1024x700,
 * before the first build and after an edit whose miss reason quotes the long command twice;
 * the command gives way instead (an ellipsis, the whole of it in its tooltip), and the
 * whole reason is the badge's tooltip.
 */
@ExtendWith(ApplicationExtension.class)
class PredictionBadgeGuiTest {
  @TempDir
  static Path dir;
  private final StudioFixture fx = new StudioFixture(null);
  private Stage stage;

  @Start
  void start(Stage stage) {
    this.stage = stage;
    fx.start(stage, dir.resolve("home"), () -> Runtimes.open("embedded", dir.resolve("store")));
  }

  @AfterEach
  void stop() {
    fx.stop();
  }

  private static Label prediction(FxRobot robot, int part) {
    return robot.lookup("#card-" + part + " .prediction").queryAs(Label.class);
  }

  private static boolean predicted(FxRobot robot, int part, String text) {
    return robot.lookup("#card-" + part + " .prediction").tryQueryAs(Label.class)
        .map(l -> l.getText().equals(text)).orElse(false);
  }

  /** The text a label draws: its text, or less and an ellipsis when it is cut short. */
  private static String shown(Labeled l) {
    Node text = l.lookup(".text");
    return text instanceof Text t ? t.getText() : "";
  }

  private void assertWhole(FxRobot robot, String command, String when) {
    for (int part = 0; part <= 2; part++) {
      Label badge = prediction(robot, part);
      assertThat(shown(badge)).as("%s: the predicted badge of card %d", when, part).isEqualTo(badge.getText());
    }
    Label summary = robot.lookup("#card-1 .card-summary").queryAs(Label.class);
    assertThat(shown(summary)).as("%s: the long command gives way", when).endsWith("...");
    assertThat(summary.getTooltip().getText()).as("%s: the command's tooltip", when).contains(command);
  }

  @Test
  void thePredictedBadgeKeepsItsWholeTextBesideALongCommand(FxRobot robot) throws Exception {
    String command = "echo " + "a-long-argument-of-the-command ".repeat(10).trim();
    Template t = StudioFixture.busybox(dir.resolve("busybox"), "long-command", new RunStep(command),
        new RunStep("echo short"));
    robot.interact(() -> {
      stage.setWidth(1024);
      stage.setHeight(700);
      fx.studio.workspace().newWith(t, "long");
    });
    EditorSession s = fx.studio.workspace().current();
    String first = "will run: first build";
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
        () -> predicted(robot, 0, first) && predicted(robot, 1, first) && predicted(robot, 2, first));
    WaitForAsyncUtils.waitForFxEvents();
    assertWhole(robot, command, "before the first build");

    robot.press(KeyCode.CONTROL).type(KeyCode.B).release(KeyCode.CONTROL);
    WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> s.history().records().size() == 1);
    assertThat(s.history().records().get(0).status()).isEqualTo("ready");
    String edited = command + " again";
    robot.interact(() -> s.document().edit("Edit run", x -> x.withStep(0, new RunStep(edited))));
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> predicted(robot, 1, "will run: command changed")
        && predicted(robot, 2, "will run: parent step 1 changed"));
    WaitForAsyncUtils.waitForFxEvents();
    assertWhole(robot, edited, "after an edit of the long command");
    assertThat(prediction(robot, 1).getTooltip().getText()).as("the whole reason in the badge's tooltip")
        .contains("command changed: " + command.substring(0, 30));
  }
}
