package dev.templatestudio.app.studio.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.doctor.MachineNeeds;
import dev.templatestudio.bridge.host.HostFacts;
import java.nio.file.Path;
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

/** Runtime > Check This Machine shows what {@code template-studio doctor} prints for this machine. */
@ExtendWith(ApplicationExtension.class)
class MachineCheckGuiTest {
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

  @Test
  void theDialogListsEachNeedAndDoctorsLastLine(FxRobot robot) throws Exception {
    robot.clickOn("Runtime").clickOn("#menu-check-machine");
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
        () -> !robot.lookup("#machine-check-summary").queryAs(Label.class).getText().startsWith("Checking"));
    WaitForAsyncUtils.waitForFxEvents();

    java.util.List<MachineNeeds.Group> expected = MachineNeeds.check(HostFacts.local());
    assertThat(robot.lookup("#machine-check-summary").queryAs(Label.class).getText())
        .isEqualTo(MachineNeeds.summary(expected));
    java.util.List<String> shown = robot.lookup("#machine-check .label").queryAllAs(Label.class).stream()
        .map(Label::getText).toList();
    assertThat(shown).contains("Embedded runtime", "Docker runtime", "Studio window", "overlayfs",
        "root or user namespaces", "Docker Engine", "GTK 3", "display");
    assertThat(shown).contains(MachineNeeds.flat(expected).stream()
        .filter(n -> n.subject().equals("overlayfs")).findFirst().orElseThrow().detail());
  }
}
