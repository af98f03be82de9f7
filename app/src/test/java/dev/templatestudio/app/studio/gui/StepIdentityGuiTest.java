package dev.templatestudio.app.studio.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.ScriptedRuntime;
import dev.templatestudio.app.studio.build.TimelineView;
import dev.templatestudio.app.studio.document.StepKind;
import dev.templatestudio.app.studio.workspace.EditorSession;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
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
 * Issue 15, finding 2: a step's last-build state belongs to the step, not to its position. After
 * a build, inserting, moving and deleting steps (and undoing and redoing that) keep each badge,
 * inspector line and timeline row on the step it was built for; a new step has none.
 */
@ExtendWith(ApplicationExtension.class)
class StepIdentityGuiTest {
  @TempDir
  Path home;
  /** Base and the first step cached, the rest rebuilt: each step has a badge of its own. */
  private final StudioFixture fx = new StudioFixture(new ScriptedRuntime(Set.of(0, 1), -1, -1));

  @Start
  void start(Stage stage) {
    fx.start(stage, home);
  }

  @AfterEach
  void stop() {
    fx.stop();
  }

  private String badge(FxRobot robot, int part) {
    return robot.lookup("#card-" + part + " .badge").tryQueryAs(Label.class)
        .filter(Node::isVisible).filter(l -> l.getParent() != null && l.getScene() != null)
        .map(Label::getText).orElse("");
  }

  private List<String> timeline(FxRobot robot) {
    TableView<TimelineView.Row> table = robot.lookup("#build-timeline").queryTableView();
    return table.getItems().stream().map(r -> r.step() + " " + r.state() + " " + r.reason()).toList();
  }

  private String inspector(FxRobot robot) {
    return robot.lookup("#inspector-last-build").queryAs(Label.class).getText();
  }

  @Test
  void buildStatesFollowTheirStepsThroughInsertMoveDeleteUndoAndRedo(FxRobot robot) throws Exception {
    robot.clickOn("#empty-example");
    robot.press(KeyCode.CONTROL).type(KeyCode.B).release(KeyCode.CONTROL);
    EditorSession s = fx.studio.workspace().current();
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !s.history().records().isEmpty());
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(badge(robot, 1)).isEqualTo("CACHED");
    assertThat(badge(robot, 5)).isEqualTo("ready");

    // A run step inserted at position 5, before the start: it was never built.
    robot.interact(() -> s.pipeline().add(StepKind.RUN, 4));
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(s.pipeline().focusedPart()).isEqualTo(5);
    assertThat(badge(robot, 5)).as("the new run step's badge").isEmpty();
    assertThat(inspector(robot)).as("the new run step's inspector").isEmpty();
    assertThat(timeline(robot)).noneMatch(r -> r.startsWith("5 "));
    assertThat(timeline(robot)).contains("1 CACHED hit", "6 ready port 8000 answered after 0.4s");
    assertThat(badge(robot, 6)).as("the start keeps its state, changed since").isEqualTo("changed");

    // The first step (CACHED) moved below the second: its state goes with it.
    robot.interact(() -> {
      s.pipeline().select(1);
      s.pipeline().moveSelected(1);
    });
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(timeline(robot)).contains("2 CACHED hit", "1 done rebuilt: parent changed");

    robot.interact(() -> s.document().undo());
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(timeline(robot)).contains("1 CACHED hit", "6 ready port 8000 answered after 0.4s");
    robot.interact(() -> s.document().undo());
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(timeline(robot)).contains("1 CACHED hit", "5 ready port 8000 answered after 0.4s");
    assertThat(badge(robot, 5)).isEqualTo("ready");
    robot.interact(() -> s.document().redo());
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(timeline(robot)).noneMatch(r -> r.startsWith("5 "));

    // The step at position 2 deleted: the steps after it keep their own states.
    robot.interact(() -> {
      s.pipeline().select(2);
      s.pipeline().deleteSelected();
    });
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(timeline(robot)).contains("1 CACHED hit", "2 done rebuilt: parent changed",
        "5 ready port 8000 answered after 0.4s");
    assertThat(timeline(robot)).noneMatch(r -> r.startsWith("4 "));
  }
}
