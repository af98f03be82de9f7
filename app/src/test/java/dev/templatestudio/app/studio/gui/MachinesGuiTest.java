package dev.templatestudio.app.studio.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.machines.MachineRow;
import dev.templatestudio.app.studio.machines.PoolRow;
import dev.templatestudio.bridge.runtimes.Runtimes;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableView;
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

/**
 * Machines from the studio on the real embedded runtime: a busybox template built, Start Machine,
 * commands in its console (output, stderr, exit code, history, clear), the one question on quit,
 * Stop; and a warm pool set to one ready machine, watched, and removed. Every case ends its
 * machines itself, and the studio's dispose ends whatever a failed case left.
 */
@ExtendWith(ApplicationExtension.class)
class MachinesGuiTest {
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

  private String buildTemplate(FxRobot robot, String name) throws Exception {
    return fx.buildNewBusybox(robot, dir.resolve("busybox"), name).history().records().get(0).end().ref();
  }

  private String console(FxRobot robot) {
    return robot.lookup("#console-output").queryAs(StyleClassedTextArea.class).getText();
  }

  private String exit(FxRobot robot) {
    return robot.lookup("#console-exit").queryAs(Label.class).getText();
  }

  private void run(FxRobot robot, String command) throws Exception {
    robot.clickOn("#console-input").write(command).type(KeyCode.ENTER);
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> exit(robot).startsWith("exit "));
    WaitForAsyncUtils.waitForFxEvents();
  }

  @Test
  void startAMachineRunCommandsInItsConsoleAndStopIt(FxRobot robot) throws Exception {
    String ref = buildTemplate(robot, "machine-demo");
    robot.clickOn("#tb-start-machine");
    WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> fx.studio.machines().machines().size() == 1
        && "ready".equals(fx.studio.machines().machines().get(0).stateProperty().get()));
    WaitForAsyncUtils.waitForFxEvents();
    MachineRow row = fx.studio.machines().machines().get(0);
    assertThat(row.ref()).isEqualTo(ref);
    assertThat(robot.lookup("#machines-table").queryAs(TableView.class).getItems()).hasSize(1);
    assertThat(robot.lookup("#machines-status").queryAs(Label.class).getText())
        .startsWith("Machine " + row.id() + " is ready");
    // Its usage is read from /proc at each poll.
    WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> row.memoryProperty().get().endsWith("B"));

    run(robot, "echo hi");
    assertThat(console(robot)).isEqualTo("$ echo hi\nhi\n" + exit(robot));
    assertThat(exit(robot)).startsWith("exit 0");

    run(robot, "echo oops >&2; exit 3");
    assertThat(console(robot)).contains("\noops\n");
    assertThat(exit(robot)).startsWith("exit 3");

    TextField input = robot.lookup("#console-input").queryAs(TextField.class);
    robot.clickOn(input).type(KeyCode.UP);
    assertThat(input.getText()).isEqualTo("echo oops >&2; exit 3");
    robot.type(KeyCode.UP);
    assertThat(input.getText()).isEqualTo("echo hi");
    robot.type(KeyCode.DOWN).type(KeyCode.DOWN);
    assertThat(input.getText()).isEmpty();
    robot.press(KeyCode.CONTROL).type(KeyCode.L).release(KeyCode.CONTROL);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(console(robot)).isEmpty();

    // Quitting asks once while the machine runs; No keeps the studio and the machine.
    fx.dialogs.stopMachines = false;
    robot.interact(fx.studio::requestClose);
    assertThat(fx.dialogs.stopMachinesAsked).containsExactly("1 running machine");
    assertThat(robot.window(0).isShowing()).isTrue();

    robot.clickOn(".machine-stop");
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx.studio.machines().machines().isEmpty());
    // Gone from the runtime too: the next polls do not bring it back.
    Thread.sleep(1200);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(fx.studio.machines().machines()).isEmpty();
    assertThat(fx.studio.machines().held()).isEmpty();
  }

  @Test
  void aWarmPoolOfOneFillsAndIsRemoved(FxRobot robot) throws Exception {
    String ref = buildTemplate(robot, "pool-demo");
    // Build > Warm Pool… opens the Pools tab with the document's ref in the form.
    robot.clickOn("Build").clickOn("Warm Pool\u2026");
    assertThat(robot.lookup("#pool-ref .text-field").queryAs(TextField.class).getText()).isEqualTo(ref);
    @SuppressWarnings("unchecked")
    Spinner<Integer> ready = robot.lookup("#pool-ready").queryAs(Spinner.class);
    robot.interact(() -> ready.getValueFactory().setValue(1));
    robot.clickOn("#pool-max").write("2");
    robot.clickOn("#pool-set");
    WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> fx.studio.machines().pools().size() == 1
        && fx.studio.machines().pools().get(0).readyNowProperty().get() == 1);
    WaitForAsyncUtils.waitForFxEvents();
    PoolRow pool = fx.studio.machines().pools().get(0);
    assertThat(pool.ref()).isEqualTo(ref);
    assertThat(pool.keepProperty().get()).isEqualTo(1);
    assertThat(pool.maxProperty().get()).isEqualTo(2);
    assertThat(robot.lookup("#pools-table").queryAs(TableView.class).getItems()).hasSize(1);
    // The pool's ready machine is one of the studio's machines.
    WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> fx.studio.machines().machines().size() == 1);
    assertThat(fx.studio.machines().held()).isEqualTo("1 warm pool");

    robot.clickOn(".pool-remove");
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx.studio.machines().pools().isEmpty()
        && fx.studio.machines().machines().isEmpty());
    assertThat(robot.lookup("#pool-status").queryAs(Label.class).getText()).contains("removed");
  }
}
