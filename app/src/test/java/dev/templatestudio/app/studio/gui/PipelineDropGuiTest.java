package dev.templatestudio.app.studio.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.ScriptedRuntime;
import dev.templatestudio.app.studio.document.Examples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.css.PseudoClass;
import javafx.scene.Node;
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
 * Issue 15, finding 1: the pipeline's hint says "drop a Dockerfile anywhere", so a Dockerfile
 * dropped on its cards imports as it does elsewhere, and the window marks itself as a drop
 * target while files hover over it.
 */
@ExtendWith(ApplicationExtension.class)
class PipelineDropGuiTest {
  private static final PseudoClass FILE_HOVER = PseudoClass.getPseudoClass("file-hover");
  @TempDir
  Path dir;
  private final StudioFixture fx = new StudioFixture(new ScriptedRuntime(Set.of(), -1, -1));

  @Start
  void start(Stage stage) {
    fx.start(stage, dir.resolve("home"));
  }

  @AfterEach
  void stop() {
    fx.stop();
  }

  @Test
  void aDockerfileDroppedOnAPipelineCardImportsAndTheWindowIsMarkedWhileItHovers(FxRobot robot) throws Exception {
    robot.interact(() -> fx.studio.workspace().newWith(Examples.python(), "agent"));
    WaitForAsyncUtils.waitForFxEvents();
    Path file = Files.writeString(dir.resolve("Dockerfile"), "FROM python:3.12\nRUN pip install fastapi\n");
    Node card = robot.lookup("#card-1").query();
    Node root = card.getScene().getRoot();

    boolean[] accepted = new boolean[1];
    robot.interact(() -> accepted[0] = FileDrops.hover(card, List.of(file)));
    assertThat(accepted[0]).as("a file over a card is accepted").isTrue();
    assertThat(root.getPseudoClassStates()).contains(FILE_HOVER);
    robot.interact(() -> FileDrops.leave(root, List.of(file)));
    assertThat(root.getPseudoClassStates()).doesNotContain(FILE_HOVER);

    boolean[] done = new boolean[1];
    robot.interact(() -> done[0] = FileDrops.drop(card, List.of(file)));
    assertThat(done[0]).as("the drop on a card completes").isTrue();
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx.studio.workspace().sessions().size() == 2);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(fx.studio.workspace().current().document().template().base().image()).isEqualTo("python:3.12");
    assertThat(fx.studio.workspace().current().document().template().steps()).hasSize(1);
    assertThat(root.getPseudoClassStates()).doesNotContain(FILE_HOVER);
  }
}
