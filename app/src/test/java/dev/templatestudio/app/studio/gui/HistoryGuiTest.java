package dev.templatestudio.app.studio.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.history.BuildRecord;
import dev.templatestudio.app.studio.workspace.EditorSession;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Template;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
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
 * The build history of a template outlives its document: close it, open it again, read an old
 * log. The build is real, on the embedded runtime.
 */
@ExtendWith(ApplicationExtension.class)
class HistoryGuiTest {
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
  void aClosedTemplatesBuildsAndTheirLogsAreThereWhenItOpensAgain(FxRobot robot) throws Exception {
    Template t = StudioFixture.busybox(home.resolve("busybox"), "gui-history", new RunStep("echo working on step 1"),
        new RunStep("echo working on step 2"));
    robot.interact(() -> fx.studio.workspace().newWith(t, t.name()));
    robot.press(KeyCode.CONTROL).type(KeyCode.B).release(KeyCode.CONTROL);
    EditorSession first = fx.studio.workspace().current();
    WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !first.history().records().isEmpty());
    assertThat(first.history().records().get(0).status()).isEqualTo("ready");
    String ref = first.history().records().get(0).end().ref();
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> historyFiles() == 2);

    WaitForAsyncUtils.asyncFx(() -> fx.studio.workspace().close(first, () -> { })).get();
    robot.interact(() -> fx.studio.workspace().newWith(t, t.name()));
    EditorSession second = fx.studio.workspace().current();
    assertThat(second).isNotSameAs(first);
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> second.history().records().size() == 1);
    BuildRecord old = second.history().records().get(0);
    assertThat(old.loaded()).as("an old log is read only when asked for").isFalse();
    assertThat(old.end().ref()).isEqualTo(ref);

    robot.clickOn("#tab-history");
    ListView<?> list = robot.lookup("#build-history").queryListView();
    assertThat(list.getItems()).hasSize(1);
    robot.clickOn(robot.lookup("#build-history .list-cell").nth(0).queryAs(javafx.scene.Node.class));
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> second.history().shownProperty().get() != null);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(robot.lookup("#build-log").queryAs(StyleClassedTextArea.class).isVisible())
        .as("the log came to the front").isTrue();
    String log = robot.lookup("#build-log").queryAs(StyleClassedTextArea.class).getText();
    assertThat(log).contains("#1 [1/2] RUN echo working on step 1", "#2 cache miss: first build", "#2 working on step 2")
        .containsPattern("#2 DONE \\d+\\.\\ds");
    Label which = robot.lookup("#log-past-build").queryAs(Label.class);
    assertThat(which.getParent().isVisible()).isTrue();
    assertThat(which.getText()).startsWith("Earlier build: ").contains("Build ready");
    assertThat(robot.lookup("#build-ref").queryTextInputControl().getText()).isEqualTo(ref);

    robot.clickOn("#log-back-to-live");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(second.history().shownProperty().get()).isNull();
    assertThat(which.getParent().isVisible()).isFalse();
    assertThat(robot.lookup("#build-ref").queryTextInputControl().getText()).isNullOrEmpty();
  }

  private long historyFiles() {
    Path dir = home.resolve("build-logs");
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).count();
    } catch (java.io.IOException e) {
      return 0;
    }
  }
}
