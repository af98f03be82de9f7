package dev.templatestudio.app.studio.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.ScriptedRuntime;
import dev.templatestudio.app.studio.workspace.EditorSession;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
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

/** Builds on the scripted runtime: CACHED badges, miss reasons, a failure, a cancel. */
@ExtendWith(ApplicationExtension.class)
class BuildGuiTest {
  @TempDir
  Path home;
  private final StudioFixture fx = new StudioFixture(new ScriptedRuntime(Set.of(0, 1), -1, -1));

  @Start
  void start(Stage stage) {
    fx.start(stage, home);
  }

  @AfterEach
  void stop() {
    fx.stop();
  }

  private EditorSession buildAndWait(FxRobot robot) throws Exception {
    robot.clickOn("#empty-example");
    robot.press(KeyCode.CONTROL).type(KeyCode.B).release(KeyCode.CONTROL);
    EditorSession s = fx.studio.workspace().current();
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !s.history().records().isEmpty());
    WaitForAsyncUtils.waitForFxEvents();
    return s;
  }

  private String badge(FxRobot robot, int part) {
    return robot.lookup("#card-" + part + " .badge").queryAs(Label.class).getText();
  }

  private String log(FxRobot robot) {
    return robot.lookup("#build-log").queryAs(StyleClassedTextArea.class).getText();
  }

  @Test
  void aBuildShowsCachedMarkersMissReasonsAndTheRef(FxRobot robot) throws Exception {
    buildAndWait(robot);
    assertThat(badge(robot, 0)).isEqualTo("CACHED");
    assertThat(badge(robot, 1)).isEqualTo("CACHED");
    assertThat(badge(robot, 2)).isEqualTo("done 1.2s");
    ListCell<?> pip = robot.lookup("#card-2").queryAs(ListCell.class);
    assertThat(pip.getTooltip().getText()).isEqualTo("Rebuilt: parent changed");
    assertThat(log(robot)).contains("#1 [1/4] apt  CACHED", "#2 cache miss: parent changed", "#2 DONE 1.2s");
    assertThat(robot.lookup("#build-summary").queryAs(Label.class).getText()).contains("Build ready", "2 of 5 cached");
    assertThat(robot.lookup("#build-ref").queryTextInputControl().getText()).isEqualTo("fastapi-agent@sha256:feedbeef");
    StyleClassedTextArea area = robot.lookup("#build-log").queryAs(StyleClassedTextArea.class);
    int cachedLine = area.getText().indexOf("#1 [1/4]");
    assertThat(area.getStyleAtPosition(cachedLine + 1)).contains("log-cached");
    assertThat(robot.lookup("#build-history").queryListView().getItems()).hasSize(1);
    javafx.scene.control.TableView<dev.templatestudio.app.studio.build.TimelineView.Row> timeline =
        robot.lookup("#build-timeline").queryTableView();
    assertThat(timeline.getItems()).extracting(r -> r.step() + " " + r.state() + " " + r.reason())
        .containsExactly("0 CACHED hit", "1 CACHED hit", "2 done rebuilt: parent changed",
            "3 done rebuilt: parent changed", "4 done rebuilt: parent changed",
            "5 ready port 8000 answered after 0.4s");
    assertThat(badge(robot, 5)).isEqualTo("ready");
    assertThat(robot.lookup("#card-5").queryAs(ListCell.class).getTooltip().getText())
        .isEqualTo("Ready: port 8000 answered after 0.4s");
  }

  @Test
  void aFailedStepIsMarked(FxRobot robot) throws Exception {
    fx.runtime = new ScriptedRuntime(Set.of(0), 2, -1);
    buildAndWait(robot);
    assertThat(badge(robot, 1)).isEqualTo("done 1.2s");
    assertThat(badge(robot, 2)).isEqualTo("failed");
    assertThat(robot.lookup("#build-summary").queryAs(Label.class).getText()).contains("Build failed", "step 2 failed");
    assertThat(log(robot)).contains("#2 ERROR");
  }

  @Test
  void escapeCancelsARunningBuild(FxRobot robot) throws Exception {
    ScriptedRuntime holding = new ScriptedRuntime(Set.of(0), -1, 1);
    fx.runtime = holding;
    robot.clickOn("#empty-example");
    robot.press(KeyCode.CONTROL).type(KeyCode.B).release(KeyCode.CONTROL);
    assertThat(holding.awaitHolding(10)).isTrue();
    WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> "running".equals(
        fx.studio.workspace().current().builds().steps().get(1).state().label()));
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(robot.lookup("#tb-cancel").queryButton().isDisabled()).isFalse();
    robot.type(KeyCode.ESCAPE);
    EditorSession s = fx.studio.workspace().current();
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !s.history().records().isEmpty());
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(badge(robot, 1)).isEqualTo("cancelled");
    robot.clickOn("#card-1");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(robot.lookup("#inspector-last-build").queryAs(Label.class).getText()).isEqualTo("Last build: cancelled");
    assertThat(robot.lookup("#build-summary").queryAs(Label.class).getText()).startsWith("Build cancelled");
    assertThat(robot.lookup("#tb-build").queryButton().isDisabled()).isFalse();
  }

  private EditorSession startHeldBuild(FxRobot robot) throws Exception {
    ScriptedRuntime holding = new ScriptedRuntime(Set.of(0), -1, 1);
    fx.runtime = holding;
    robot.clickOn("#empty-example");
    robot.press(KeyCode.CONTROL).type(KeyCode.B).release(KeyCode.CONTROL);
    assertThat(holding.awaitHolding(10)).isTrue();
    EditorSession s = fx.studio.workspace().current();
    WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> s.builds().steps().get(1) != null
        && "running".equals(s.builds().steps().get(1).state().label()));
    WaitForAsyncUtils.waitForFxEvents();
    return s;
  }

  @Test
  void escapeCancelsWithFocusInThePipeline(FxRobot robot) throws Exception {
    EditorSession s = startHeldBuild(robot);
    robot.clickOn("#card-2");
    robot.type(KeyCode.ESCAPE);
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !s.history().records().isEmpty());
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(robot.lookup("#build-summary").queryAs(Label.class).getText()).startsWith("Build cancelled");
  }

  @Test
  void escapeCancelsWithFocusInTheLog(FxRobot robot) throws Exception {
    EditorSession s = startHeldBuild(robot);
    robot.clickOn("#build-log");
    robot.type(KeyCode.ESCAPE);
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !s.history().records().isEmpty());
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(robot.lookup("#build-summary").queryAs(Label.class).getText()).startsWith("Build cancelled");
  }

  @Test
  void theMenuItemCancels(FxRobot robot) throws Exception {
    EditorSession s = startHeldBuild(robot);
    robot.clickOn("#card-2");
    robot.clickOn("Build").clickOn("Cancel Build");
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !s.history().records().isEmpty());
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(robot.lookup("#build-summary").queryAs(Label.class).getText()).startsWith("Build cancelled");
  }

  @Test
  void aFailedStartMarksTheStartCard(FxRobot robot) throws Exception {
    fx.runtime = new ScriptedRuntime(Set.of(0), 5, -1);
    robot.clickOn("#empty-example");
    EditorSession s = fx.studio.workspace().current();
    robot.press(KeyCode.CONTROL).type(KeyCode.B).release(KeyCode.CONTROL);
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !s.history().records().isEmpty());
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(badge(robot, 4)).isEqualTo("done 1.2s");
    assertThat(badge(robot, 5)).isEqualTo("failed");
    assertThat(robot.lookup("#card-5").queryAs(ListCell.class).getTooltip().getText())
        .startsWith("Failed: the machine did not become ready");
    Label summary = robot.lookup("#build-summary").queryAs(Label.class);
    assertThat(summary.isWrapText()).as("one line: a failure must not move the layout (issue 15)").isFalse();
    assertThat(summary.getTooltip().getText()).contains("did not become ready");
  }

  @Test
  void badgesFollowTheStepsTheyWereBuiltFor(FxRobot robot) throws Exception {
    fx.runtime = new ScriptedRuntime(Set.of(0, 1, 2, 3, 4), -1, -1);
    buildAndWait(robot);
    assertThat(badge(robot, 2)).isEqualTo("CACHED");
    robot.clickOn("#card-1");
    robot.press(KeyCode.ALT).type(KeyCode.DOWN).release(KeyCode.ALT);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(badge(robot, 0)).isEqualTo("CACHED");
    assertThat(badge(robot, 1)).isEqualTo("changed");
    assertThat(badge(robot, 4)).isEqualTo("changed");
    robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(badge(robot, 1)).isEqualTo("CACHED");
    assertThat(badge(robot, 4)).isEqualTo("CACHED");
  }
}
