package dev.templatestudio.app.studio.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.embedded.store.Store;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
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
 * Runtime > store size and Prune Store…: the size measured off the FX thread when the menu
 * opens, the dialog saying what a prune frees before anything goes, Prune freeing it and
 * saying so, and the dialog closing with Esc.
 */
@ExtendWith(ApplicationExtension.class)
class PruneGuiTest {
  @TempDir
  Path home;
  private final StudioFixture fx = new StudioFixture();
  private String garbage;

  @Start
  void start(Stage stage) throws Exception {
    byte[] bytes = new byte[2 << 20];
    new Random(3).nextBytes(bytes);
    garbage = Store.open(home).blobs().put(bytes);
    fx.start(stage, home);
  }

  @AfterEach
  void stop() {
    fx.stop();
  }

  private MenuItem menuItem(String id) {
    return fx.studio.window().scene().getRoot().lookupAll(".menu-bar").stream().findFirst()
        .map(bar -> ((javafx.scene.control.MenuBar) bar).getMenus().stream()
            .flatMap(m -> m.getItems().stream()).filter(i -> id.equals(i.getId())).findFirst().orElseThrow())
        .orElseThrow();
  }

  @Test
  void theMenuShowsTheStoreSizeAndPruneFreesWhatItSaidItWould(FxRobot robot) throws Exception {
    robot.clickOn("Runtime");
    MenuItem size = menuItem("menu-store-size");
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> size.getText().matches("Store: 2\\.\\d MB"));
    robot.clickOn("Prune Store\u2026");

    Label plan = robot.lookup("#prune-plan").queryAs(Label.class);
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> plan.getText().startsWith("Prune frees"));
    assertThat(plan.getText()).matches("Prune frees 2\\.0 MB of the 2\\.\\d MB the store takes:\n\u2022 1 blob \\(2\\.0 MB\\)");
    Store store = Store.open(home);
    assertThat(store.blobs().has(garbage)).as("nothing goes before Prune").isTrue();

    robot.clickOn("#prune-go");
    Label outcome = robot.lookup("#prune-outcome").queryAs(Label.class);
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !outcome.getText().isEmpty());
    assertThat(outcome.getText()).matches("Freed 2\\.0 MB; the store is now (\\d+\\.\\d KB|\\d+ B)\\.");  // bytes on tmpfs, where folders take no 4 KB
    assertThat(store.blobs().has(garbage)).isFalse();
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> plan.getText().startsWith("Nothing to prune"));
    assertThat(robot.lookup("#prune-go").queryAs(Button.class).isDisabled()).isTrue();

    robot.press(javafx.scene.input.KeyCode.ESCAPE).release(javafx.scene.input.KeyCode.ESCAPE);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(robot.lookup("#prune-plan").tryQuery()).isEmpty();
  }
}
