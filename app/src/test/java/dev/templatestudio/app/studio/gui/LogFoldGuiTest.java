package dev.templatestudio.app.studio.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.workspace.EditorSession;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.runtimes.Runtimes;
import dev.templatestudio.bridge.embedded.EngineFixture;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Template;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.event.Event;
import javafx.geometry.Point2D;
import javafx.scene.input.ContextMenuEvent;
import javafx.scene.input.PickResult;
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
 * Folding a step's output in the build log: the gutter arrow, Enter, and Collapse all / Expand
 * all, on a real build of the embedded runtime.
 */
@ExtendWith(ApplicationExtension.class)
class LogFoldGuiTest {
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

  /**
   * Four run steps; steps 2 to 4 print two lines, one of them coloured. With its cache event, a
   * step that ran has three lines to fold.
   */
  private Template template(boolean forceStep2) throws Exception {
    RunStep[] steps = new RunStep[4];
    steps[0] = new RunStep("echo one");
    for (int n = 2; n <= 4; n++) {
      steps[n - 1] = new RunStep("echo working on step " + n + "; printf '\\033[32mok\\033[0m step " + n + "\\n'",
          null, n == 2 && forceStep2);
    }
    return Template.of(EngineFixture.BUSYBOX, List.of(steps)).withName("gui-fold");
  }

  /**
   * Builds the template once outside the studio, then in it with step 2 forced: base and step 1
   * cached. The base is the store's busybox template, which logs nothing when cached (a rootfs
   * base logs its archiving), so that only the steps that ran have output to fold. Forced rather
   * than changed: a changed command's miss reason quotes both commands on one long line.
   */
  private void buildAndWait(FxRobot robot) throws Exception {
    dev.templatestudio.bridge.embedded.BusyboxFixture.require();
    EngineFixture.storeWithBusybox(home);
    try (Runtime rt = Runtimes.open("embedded", home.resolve("store"))) {
      assertThat(rt.build(BuildRequest.of(template(false), home)).result().get(120, TimeUnit.SECONDS).status())
          .isEqualTo("ready");
    }
    Template t = template(true);
    robot.interact(() -> fx.studio.workspace().newWith(t, t.name()));
    robot.press(KeyCode.CONTROL).type(KeyCode.B).release(KeyCode.CONTROL);
    EditorSession s = fx.studio.workspace().current();
    WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !s.history().records().isEmpty());
    waitForLog(robot, "Build ready");
  }

  private StyleClassedTextArea area(FxRobot robot) {
    return robot.lookup("#build-log").queryAs(StyleClassedTextArea.class);
  }

  private void waitForLog(FxRobot robot, String text) throws Exception {
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> area(robot).getText().contains(text));
    WaitForAsyncUtils.waitForFxEvents();
  }

  /** The event a right-click makes the platform deliver (headless Monocle does not make it from the click). */
  private void openContextMenu(FxRobot robot) {
    StyleClassedTextArea a = area(robot);
    robot.interact(() -> {
      Point2D at = a.localToScreen(a.getWidth() / 2, a.getHeight() / 2);
      Point2D local = a.screenToLocal(at);
      Event.fireEvent(a, new ContextMenuEvent(ContextMenuEvent.CONTEXT_MENU_REQUESTED, local.getX(), local.getY(),
          at.getX(), at.getY(), false, new PickResult(a, at.getX(), at.getY())));
    });
    WaitForAsyncUtils.waitForFxEvents();
  }

  private boolean following(FxRobot robot) {
    return robot.lookup("#log-follow").queryAs(javafx.scene.control.ToggleButton.class).isSelected();
  }

  private List<String> arrows(FxRobot robot) {
    return robot.lookup(".log-fold-arrow").queryAllAs(Label.class).stream()
        .map(Label::getText).collect(Collectors.toList());
  }

  @Test
  void theGutterArrowFoldsAStepUnderItsHeaderWithACountAndUnfoldsIt(FxRobot robot) throws Exception {
    buildAndWait(robot);
    assertThat(area(robot).getText()).contains("#2 ok step 2");
    assertThat(arrows(robot)).as("one arrow per step that ran; CACHED steps have none").containsExactly("\u25BE", "\u25BE", "\u25BE");

    robot.clickOn(robot.lookup(".log-fold-arrow").queryAs(Label.class));
    waitForLog(robot, "(3 lines hidden)");
    assertThat(area(robot).getText()).containsPattern("#2 \\[2/4\\] RUN echo working on step 2[^\n]*  "
        + "\\(3 lines hidden\\)\n#2 DONE \\d+\\.\\ds\n")
        .doesNotContain("#2 ok step 2", "#2 cache miss").contains("#1 [1/4] RUN echo one  CACHED", "#3 ok step 3");
    assertThat(arrows(robot)).containsExactly("\u25B8", "\u25BE", "\u25BE");
    assertThat(following(robot)).as("folding keeps the view following the log").isTrue();

    robot.clickOn(robot.lookup(".log-fold-closed").queryAs(Label.class));
    waitForLog(robot, "#2 ok step 2");
    assertThat(area(robot).getText()).doesNotContain("hidden");
  }

  @Test
  void enterFoldsTheStepOfTheCaretsLine(FxRobot robot) throws Exception {
    buildAndWait(robot);
    robot.clickOn("#build-log");
    robot.interact(() -> area(robot).moveTo(area(robot).getText().indexOf("#3 ok step 3")));
    robot.type(KeyCode.ENTER);
    waitForLog(robot, "(3 lines hidden)");
    assertThat(area(robot).getText()).containsPattern("#3 \\[3/4\\] RUN [^\n]+  \\(3 lines hidden\\)\n")
        .doesNotContain("#3 ok step 3").contains("#2 ok step 2");
    assertThat(following(robot)).as("folding keeps the view following the log").isTrue();
  }

  @Test
  void theContextMenuCollapsesAndExpandsAll(FxRobot robot) throws Exception {
    buildAndWait(robot);
    openContextMenu(robot);
    robot.clickOn("Collapse all");
    waitForLog(robot, "#4 [4/4]");
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !area(robot).getText().contains(" ok step "));
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(area(robot).getText()).contains("#1 [1/4] RUN echo one  CACHED", "Build ready")
        .containsPattern("#2 \\[2/4\\] RUN [^\n]*  \\(3 lines hidden\\)");
    assertThat(arrows(robot)).containsOnly("\u25B8");

    openContextMenu(robot);
    robot.clickOn("Expand all");
    waitForLog(robot, "#4 ok step 4");
    assertThat(area(robot).getText()).contains("#2 ok step 2", "#3 ok step 3").doesNotContain("hidden");
  }
}
