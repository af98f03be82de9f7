package dev.templatestudio.app.studio.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.history.BuildRecord;
import dev.templatestudio.app.studio.workspace.EditorSession;
import dev.templatestudio.bridge.runtimes.Runtimes;
import dev.templatestudio.bridge.embedded.bench.BusyboxImage;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.WorkdirStep;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
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

/** A real build of a busybox template from the GUI on the embedded runtime, then a fully cached rebuild. */
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
    dev.templatestudio.bridge.embedded.BusyboxFixture.require();
    Path rootfs = BusyboxImage.rootfs(dir.resolve("busybox"));
    Template t = Template.of(Base.image("rootfs:" + rootfs), List.of(
        new WorkdirStep("/work"), new RunStep("echo hello from busybox > greeting && cat greeting")))
        .withName("busybox-demo");
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
}
