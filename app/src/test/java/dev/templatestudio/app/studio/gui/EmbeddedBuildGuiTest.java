package dev.templatestudio.app.studio.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.history.BuildRecord;
import dev.templatestudio.app.studio.workspace.EditorSession;
import dev.templatestudio.bridge.runtimes.Runtimes;
import dev.templatestudio.bridge.embedded.bench.BusyboxImage;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.embedded.EngineFixture;
import dev.templatestudio.bridge.template.Ready;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.WorkdirStep;
import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;
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

/**
 * Real builds of busybox templates from the GUI on the embedded runtime: a build and its fully
 * cached rebuild, a failing step, a failing ready check, and a build cancelled three ways.
 */
@ExtendWith(ApplicationExtension.class)
class EmbeddedBuildGuiTest {
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

  private BuildRecord build(FxRobot robot, EditorSession s, int n) throws Exception {
    robot.press(KeyCode.CONTROL).type(KeyCode.B).release(KeyCode.CONTROL);
    WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> s.history().records().size() == n);
    WaitForAsyncUtils.waitForFxEvents();
    return s.history().records().get(0);
  }

  @Test
  void buildABusyboxTemplateThenRebuildItFromTheCache(FxRobot robot) throws Exception {
    Template t = busybox("busybox-demo", new WorkdirStep("/work"),
        new RunStep("echo hello from busybox > greeting && cat greeting"));
    EditorSession[] s = new EditorSession[1];
    robot.interact(() -> s[0] = fx.studio.workspace().newWith(t, "busybox-demo"));
    BuildRecord first = build(robot, s[0], 1);
    String log = robot.lookup("#build-log").queryAs(StyleClassedTextArea.class).getText();
    assertThat(first.status()).as(log).isEqualTo("ready");
    assertThat(log).contains("hello from busybox");
    assertThat(first.end().ref()).startsWith("busybox-demo");

    BuildRecord second = build(robot, s[0], 2);
    assertThat(second.status()).isEqualTo("ready");
    for (int part = 0; part <= 2; part++) {
      assertThat(robot.lookup("#card-" + part + " .badge").queryAs(Label.class).getText()).isEqualTo("CACHED");
    }
  }

  /**
   * A busybox template of {@code steps}. The cases share a store and a history: each names its
   * template and first step anew, so that it finds neither another's history nor its cache.
   */
  private static Template busybox(String name, Step... steps) throws IOException {
    return StudioFixture.busybox(dir.resolve("busybox"), name, steps);
  }

  private EditorSession open(FxRobot robot, Template t) {
    EditorSession[] s = new EditorSession[1];
    robot.interact(() -> s[0] = fx.studio.workspace().newWith(t, t.name()));
    return s[0];
  }

  private String badge(FxRobot robot, int part) {
    return robot.lookup("#card-" + part + " .badge").queryAs(Label.class).getText();
  }

  private String summary(FxRobot robot) {
    return robot.lookup("#build-summary").queryAs(Label.class).getText();
  }

  @Test
  void aFailedStepIsMarked(FxRobot robot) throws Exception {
    String id = UUID.randomUUID().toString();
    EditorSession s = open(robot, busybox("gui-fails-" + id, new RunStep("echo " + id),
        new RunStep("echo about to fail; exit 1")));
    build(robot, s, 1);
    assertThat(badge(robot, 1)).matches("done \\d+\\.\\ds");
    assertThat(badge(robot, 2)).isEqualTo("failed");
    assertThat(summary(robot)).contains("Build failed", "step 2 (RUN echo about to fail; exit 1) failed with exit code 1");
    assertThat(robot.lookup("#build-log").queryAs(StyleClassedTextArea.class).getText()).contains("#2 ERROR");
  }

  @Test
  void aFailedStartMarksTheStartCard(FxRobot robot) throws Exception {
    String id = UUID.randomUUID().toString();
    EditorSession s = open(robot, busybox("gui-never-ready-" + id, new RunStep("echo " + id))
        .withStart(new dev.templatestudio.bridge.template.Start("echo waiting; exec sleep 600", new Ready.File("/tmp/never", 1))));
    build(robot, s, 1);
    assertThat(badge(robot, 1)).matches("done \\d+\\.\\ds");
    assertThat(badge(robot, 2)).isEqualTo("failed");
    assertThat(robot.lookup("#card-2").queryAs(ListCell.class).getTooltip().getText())
        .startsWith("Failed: the machine was not ready after 1s");
    Label summary = robot.lookup("#build-summary").queryAs(Label.class);
    assertThat(summary.isWrapText()).as("one line: a failure must not move the layout (issue 15)").isFalse();
    assertThat(summary.getTooltip().getText()).contains("not ready after 1s");
  }

  /** Starts a build whose step 1 sleeps, and waits until that step runs; returns the session and its marker. */
  private EditorSession startSleepingBuild(FxRobot robot, String marker) throws Exception {
    EditorSession s = open(robot, busybox(marker, new RunStep("echo started; sleep 300 # " + marker),
        new RunStep("echo never")));
    robot.press(KeyCode.CONTROL).type(KeyCode.B).release(KeyCode.CONTROL);
    WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> s.builds().steps().get(1) != null
        && "running".equals(s.builds().steps().get(1).state().label())
        && robot.lookup("#build-log").queryAs(StyleClassedTextArea.class).getText().contains("#1 started"));
    WaitForAsyncUtils.waitForFxEvents();
    return s;
  }

  /**
   * Clicks pipeline card {@code n} once the list shows it: while a build's states come in the
   * list lays its cells out again, and for that moment a lookup can find no card (failed once in CI).
   */
  private static void clickCard(FxRobot robot, int n) throws Exception {
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#card-" + n).tryQuery().isPresent());
    robot.clickOn("#card-" + n);
  }

  /** The build ended as cancelled, with its sleeping step and no process left of it. */
  private void assertCancelled(FxRobot robot, EditorSession s, String marker) throws Exception {
    WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> !s.history().records().isEmpty());
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(s.history().records().get(0).status()).isEqualTo("cancelled");
    assertThat(summary(robot)).startsWith("Build cancelled");
    assertThat(badge(robot, 1)).isEqualTo("cancelled");
    assertThat(robot.lookup("#tb-build").queryButton().isDisabled()).isFalse();
    EngineFixture.assertNothingLeft(dir.resolve("store"), marker);
  }

  @Test
  void escapeCancelsARunningBuild(FxRobot robot) throws Exception {
    String marker = "gui-" + UUID.randomUUID();
    EditorSession s = startSleepingBuild(robot, marker);
    assertThat(robot.lookup("#tb-cancel").queryButton().isDisabled()).isFalse();
    robot.type(KeyCode.ESCAPE);
    assertCancelled(robot, s, marker);
    clickCard(robot, 1);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(robot.lookup("#inspector-last-build").queryAs(Label.class).getText()).isEqualTo("Last build: cancelled");
  }

  @Test
  void escapeCancelsWithFocusInThePipeline(FxRobot robot) throws Exception {
    String marker = "gui-" + UUID.randomUUID();
    EditorSession s = startSleepingBuild(robot, marker);
    clickCard(robot, 2);
    robot.type(KeyCode.ESCAPE);
    assertCancelled(robot, s, marker);
  }

  @Test
  void escapeCancelsWithFocusInTheLog(FxRobot robot) throws Exception {
    String marker = "gui-" + UUID.randomUUID();
    EditorSession s = startSleepingBuild(robot, marker);
    robot.clickOn("#build-log");
    robot.type(KeyCode.ESCAPE);
    assertCancelled(robot, s, marker);
  }

  @Test
  void theMenuItemCancels(FxRobot robot) throws Exception {
    String marker = "gui-" + UUID.randomUUID();
    EditorSession s = startSleepingBuild(robot, marker);
    clickCard(robot, 2);
    robot.clickOn("Build").clickOn("Cancel Build");
    assertCancelled(robot, s, marker);
  }
}
