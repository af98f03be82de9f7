package dev.templatestudio.app.studio.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.LogScript;
import dev.templatestudio.app.studio.ScriptedRuntime;
import dev.templatestudio.app.studio.workspace.EditorSession;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
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

/** Find in the build log: Ctrl+F, the count, Enter / Shift+Enter / F3, folded steps, Esc. */
@ExtendWith(ApplicationExtension.class)
class LogFindGuiTest {
  @TempDir
  Path home;
  private final StudioFixture fx = new StudioFixture(new ScriptedRuntime(Set.of(), -1, -1));
  private LogScript build;
  private EditorSession session;

  @Start
  void start(Stage stage) {
    fx.start(stage, home);
  }

  @AfterEach
  void stop() {
    fx.stop();
  }

  /** A log of three steps with "needle" in each, as the studio's log shows it. */
  private void showLog(FxRobot robot) throws Exception {
    robot.clickOn("#empty-example");
    session = fx.studio.workspace().current();
    build = new LogScript(3)
        .step(1, "apt", "one needle", "nothing")
        .step(2, "pip", "two needle", "nothing", "three needle")
        .begin(3, "make").output(3, "four needle");
    robot.interact(() -> session.builds().follow(build.log()));
    waitFor(() -> area(robot).getText().contains("#3 four needle"));
  }

  private StyleClassedTextArea area(FxRobot robot) {
    return robot.lookup("#build-log").queryAs(StyleClassedTextArea.class);
  }

  private String count(FxRobot robot) {
    return robot.lookup("#log-find-count").queryAs(Label.class).getText();
  }

  /** The whole line the log's selection is on, and what is selected. */
  private String selectedLine(FxRobot robot) {
    StyleClassedTextArea a = area(robot);
    return a.getParagraph(a.getCurrentParagraph()).getText() + " [" + a.getSelectedText() + "]";
  }

  private static void waitFor(Supplier<Boolean> condition) throws Exception {
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, condition::get);
    WaitForAsyncUtils.waitForFxEvents();
  }

  private void find(FxRobot robot, String query) throws Exception {
    robot.press(KeyCode.CONTROL).type(KeyCode.F).release(KeyCode.CONTROL);
    waitFor(() -> robot.lookup("#log-search").queryAs(TextField.class).isFocused());
    robot.write(query);
  }

  @Test
  void ctrlFFindsAndCountsEnterAndF3GoThroughTheMatchesEscCloses(FxRobot robot) throws Exception {
    showLog(robot);
    assertThat(robot.lookup("#log-find-bar").query().isVisible()).isFalse();
    find(robot, "needle");
    waitFor(() -> count(robot).equals("4 matches"));

    robot.type(KeyCode.ENTER);
    waitFor(() -> count(robot).equals("1 of 4"));
    assertThat(selectedLine(robot)).isEqualTo("#1 one needle [needle]");
    robot.type(KeyCode.ENTER);
    waitFor(() -> count(robot).equals("2 of 4"));
    assertThat(selectedLine(robot)).isEqualTo("#2 two needle [needle]");
    robot.press(KeyCode.SHIFT).type(KeyCode.ENTER).release(KeyCode.SHIFT);
    waitFor(() -> count(robot).equals("1 of 4"));
    robot.press(KeyCode.SHIFT).type(KeyCode.F3).release(KeyCode.SHIFT);
    waitFor(() -> count(robot).equals("4 of 4"));
    assertThat(selectedLine(robot)).isEqualTo("#3 four needle [needle]");
    robot.type(KeyCode.F3);
    waitFor(() -> count(robot).equals("1 of 4"));

    build.output(3, "five needle");
    waitFor(() -> count(robot).equals("1 of 5"));

    robot.type(KeyCode.ESCAPE);
    waitFor(() -> !robot.lookup("#log-find-bar").query().isVisible());
    assertThat(area(robot).isFocused()).isTrue();
    assertThat(selectedLine(robot)).isEqualTo("#1 one needle [needle]");
  }

  @Test
  void aMatchInAFoldedStepUnfoldsItAndIsSelected(FxRobot robot) throws Exception {
    showLog(robot);
    robot.interact(() -> session.builds().log().toggleFold(2));
    waitFor(() -> area(robot).getText().contains("#2 [2/3] pip  (4 lines hidden)"));
    find(robot, "needle");
    waitFor(() -> count(robot).equals("4 matches"));

    robot.type(KeyCode.ENTER);
    waitFor(() -> count(robot).equals("1 of 4"));
    robot.type(KeyCode.ENTER);
    waitFor(() -> selectedLine(robot).equals("#2 two needle [needle]"));
    assertThat(count(robot)).isEqualTo("2 of 4");
    assertThat(session.builds().log().lensProperty().get().folds(2)).isFalse();
    assertThat(area(robot).getText()).doesNotContain("hidden");
    assertThat(robot.lookup("#log-search").queryAs(TextField.class).isFocused()).as("typing goes on in the field").isTrue();
  }

  @Test
  void noMatchesIsSaidAndTheFieldMarked(FxRobot robot) throws Exception {
    showLog(robot);
    find(robot, "haystack");
    waitFor(() -> count(robot).equals("No matches"));
    assertThat(robot.lookup("#log-search").queryAs(TextField.class).getStyleClass()).contains("no-matches");
    robot.type(KeyCode.BACK_SPACE, 8);
    robot.write("four");
    waitFor(() -> count(robot).equals("1 match"));
    assertThat(robot.lookup("#log-search").queryAs(TextField.class).getStyleClass()).doesNotContain("no-matches");
  }

  @Test
  void escClosesFindWithoutCancellingTheBuild(FxRobot robot) throws Exception {
    ScriptedRuntime holding = new ScriptedRuntime(Set.of(), -1, 1);
    fx.runtime = holding;
    robot.clickOn("#empty-example");
    robot.press(KeyCode.CONTROL).type(KeyCode.B).release(KeyCode.CONTROL);
    assertThat(holding.awaitHolding(10)).isTrue();
    EditorSession s = fx.studio.workspace().current();
    find(robot, "step");
    robot.type(KeyCode.ESCAPE);
    waitFor(() -> !robot.lookup("#log-find-bar").query().isVisible());
    assertThat(s.builds().isRunning()).isTrue();

    robot.type(KeyCode.ESCAPE);
    waitFor(() -> !s.builds().isRunning());
    assertThat(s.builds().summaryProperty().get()).startsWith("Build cancelled");
  }
}
