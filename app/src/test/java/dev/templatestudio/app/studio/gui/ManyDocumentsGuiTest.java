package dev.templatestudio.app.studio.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.ScriptedRuntime;
import dev.templatestudio.app.studio.common.StudioDialogs.CloseChoice;
import dev.templatestudio.app.studio.document.Examples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
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
 * Issue 15, finding 4: quitting with many unsaved documents asks once, listing them all; the
 * same Dockerfile dropped again brings its tab to the front, and a tab says file and folder.
 */
@ExtendWith(ApplicationExtension.class)
class ManyDocumentsGuiTest {
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
  void quittingWithEightUnsavedDocumentsAsksOnceAndCancelKeepsThemAll(FxRobot robot) throws Exception {
    robot.interact(() -> {
      for (int i = 0; i < 8; i++) {
        fx.studio.workspace().newWith(Examples.python().withName("doc " + i), "doc " + i);
      }
    });
    fx.dialogs.closeChoice = CloseChoice.CANCEL;
    boolean[] closed = new boolean[1];
    robot.interact(() -> fx.studio.workspace().closeAll(() -> closed[0] = true));
    assertThat(fx.dialogs.asked).hasSize(1);
    assertThat(fx.dialogs.asked.get(0)).contains("doc 0", "doc 7");
    assertThat(closed[0]).isFalse();
    assertThat(fx.studio.workspace().sessions()).hasSize(8);

    fx.dialogs.closeChoice = CloseChoice.DISCARD;
    robot.interact(() -> fx.studio.workspace().closeAll(() -> closed[0] = true));
    assertThat(fx.dialogs.asked).as("one question for all eight").hasSize(2);
    assertThat(closed[0]).isTrue();
    assertThat(fx.studio.workspace().sessions()).isEmpty();
  }

  @Test
  void theSameDockerfileDroppedAgainFocusesItsTabWhichNamesFileAndFolder(FxRobot robot) throws Exception {
    Path folder = Files.createDirectories(dir.resolve("df"));
    Path file = Files.writeString(folder.resolve("Dockerfile"), "FROM python:3.12\nRUN pip install fastapi\n");
    robot.interact(() -> fx.studio.workspace().newFromExample());
    for (int i = 0; i < 3; i++) {
      robot.interact(() -> FileDrops.drop(robot.lookup("#pipeline").query(), List.of(file)));
      WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx.studio.workspace().sessions().size() >= 2);
      WaitForAsyncUtils.waitForFxEvents();
      robot.interact(() -> fx.studio.workspace().currentProperty().set(fx.studio.workspace().sessions().get(0)));
    }
    robot.interact(() -> FileDrops.drop(robot.lookup("#pipeline").query(), List.of(file)));
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
        () -> fx.studio.workspace().current() != fx.studio.workspace().sessions().get(0));
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(fx.studio.workspace().sessions()).hasSize(2);
    assertThat(robot.lookup(".tab-label").queryAll()).anySatisfy(n ->
        assertThat(((Label) n).getText()).isEqualTo("Dockerfile \u2014 df \u25CF"));
    assertThat(fx.studio.workspace().current().publishName()).isEqualTo("df");

    // Changed on disk, it imports anew.
    Files.writeString(file, "FROM python:3.13\n");
    robot.interact(() -> FileDrops.drop(robot.lookup("#pipeline").query(), List.of(file)));
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx.studio.workspace().sessions().size() == 3);
  }
}
