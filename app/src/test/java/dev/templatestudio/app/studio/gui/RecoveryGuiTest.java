package dev.templatestudio.app.studio.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.common.StudioDialogs;
import dev.templatestudio.app.studio.settings.Autosave;
import dev.templatestudio.app.studio.settings.OtherStudio;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
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
 * At start the studio offers back the unsaved work of a studio that crashed on the same data
 * folder, never that of one still running there, and keeps the restored work as its own; a
 * clean quit leaves nothing behind.
 */
@ExtendWith(ApplicationExtension.class)
class RecoveryGuiTest {
  @TempDir
  Path home;
  private final StudioFixture fx = new StudioFixture();
  private OtherStudio running;
  private Stage stage;

  @Start
  void start(Stage stage) throws Exception {
    OtherStudio.crashWith(home.resolve("autosave"), "crashed-agent");
    running = OtherStudio.start(home.resolve("autosave"), "running-agent");
    this.stage = stage;
    fx.dialogs.restore = true;
    fx.start(stage, home);
  }

  /** The other studio goes first: when the studio here never started, fx.stop() fails. */
  @AfterEach
  void stop() throws Exception {
    try {
      if (running != null) {
        running.close();
      }
    } finally {
      fx.stop();
    }
  }

  private List<String> autosaves() throws IOException {
    try (Stream<Path> s = Files.walk(home.resolve("autosave"))) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
    }
  }

  @Test
  void theCrashedStudiosWorkOpensAgainAndTheRunningStudiosStaysItsOwn(FxRobot robot) throws Exception {
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx.studio.workspace().sessions().size() == 1);
    // The document's tab is made by a listener of that list, on the FX thread: let it finish.
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(fx.dialogs.restoreOffered).containsExactly(1);
    TabPane tabs = robot.lookup("#documents").queryAs(TabPane.class);
    assertThat(tabs.getTabs()).extracting(Tab::getText).containsExactly("crashed-agent \u25CF");
    assertThat(tabs.isVisible()).isTrue();

    // The restored document is this studio's autosave now; then the crashed studio's copy goes.
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> autosaves().size() == 2);
    assertThat(autosaves()).containsExactly("1-crashed-agent.template.json", "1-running-agent.template.json");
    assertThat(Files.list(home.resolve("autosave")).filter(Files::isDirectory).count())
        .as("this studio's folder and the running one's").isEqualTo(2);
    assertThat(Autosave.inStore(home).recover().documents()).as("nothing left to offer").isEmpty();
  }

  @Test
  void aCleanQuitLeavesNothingToRecover(FxRobot robot) throws Exception {
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> autosaves().size() == 2);
    fx.dialogs.closeChoice = StudioDialogs.CloseChoice.DISCARD;
    robot.press(KeyCode.CONTROL).type(KeyCode.Q).release(KeyCode.CONTROL);
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !stage.isShowing());
    assertThat(fx.dialogs.asked).containsExactly("crashed-agent");
    assertThat(autosaves()).containsExactly("1-running-agent.template.json");
    assertThat(Autosave.inStore(home).recover().documents()).isEmpty();
  }
}
