package dev.templatestudio.app.studio.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.ScriptedRuntime;
import dev.templatestudio.app.studio.document.Examples;
import dev.templatestudio.app.studio.workspace.EditorSession;
import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.EventLog;
import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.build.SecretMasker;
import dev.templatestudio.bridge.build.TemplateInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.text.Text;
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
 * Issue 15, finding 5: a failed build does not move the layout. The status line and the build
 * header stay one line (the whole text in their tooltips), the header shortens the digest, and
 * after a failure the ref box says its ref is from the last good build.
 */
@ExtendWith(ApplicationExtension.class)
class BuildHeaderGuiTest {
  private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);
  private static final String REF = "fastapi-agent@" + DIGEST;
  @TempDir
  Path home;
  private final StudioFixture fx = new StudioFixture(new ScriptedRuntime(Set.of(), -1, -1));
  private final ReadyThenFailing runtime = new ReadyThenFailing();
  private Stage stage;

  @Start
  void start(Stage stage) {
    this.stage = stage;
    fx.start(stage, home, () -> runtime);
  }

  @AfterEach
  void stop() {
    fx.stop();
  }

  private static String shown(Labeled l) {
    Node text = l.lookup(".text");
    return text instanceof Text t ? t.getText() : "";
  }

  private void buildAndWait(FxRobot robot, EditorSession s, int builds) throws Exception {
    robot.interact(s::build);
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> s.history().records().size() == builds);
    WaitForAsyncUtils.waitForFxEvents();
  }

  @Test
  void aFailedBuildKeepsTheHeaderAndStatusOnOneLineAndSaysWhereTheRefIsFrom(FxRobot robot) throws Exception {
    robot.interact(() -> {
      stage.setWidth(1024);
      stage.setHeight(700);
      fx.studio.workspace().newFromExample();
    });
    EditorSession s = fx.studio.workspace().current();
    Label summary = robot.lookup("#build-summary").queryAs(Label.class);
    Label status = robot.lookup("#status-text").queryAs(Label.class);
    double oneLine = status.getHeight();

    buildAndWait(robot, s, 1);
    assertThat(summary.getText()).contains("sha256:01234567\u2026").doesNotContain(DIGEST);
    assertThat(shown(summary)).doesNotContain(DIGEST);
    assertThat(summary.getTooltip().getText()).contains(REF);
    assertThat(summary.getHeight()).as("the build header, one line").isLessThan(oneLine * 1.5);
    assertThat(robot.lookup("#build-ref").queryTextInputControl().getText()).isEqualTo(REF);
    assertThat(robot.lookup("#build-ref-note").queryAs(Label.class).getText()).isEmpty();

    buildAndWait(robot, s, 2);
    assertThat(summary.getText()).startsWith("Build failed");
    assertThat(shown(summary)).as("the outcome readable at 1024x700 beside the ref").startsWith("Build failed");
    assertThat(summary.getHeight()).as("the build header after a failure").isLessThan(oneLine * 1.5);
    assertThat(status.getHeight()).as("the status line after a failure").isLessThan(oneLine * 1.5);
    assertThat(shown(status)).doesNotContain("\n");
    assertThat(status.getTooltip()).isNotNull();
    assertThat(status.getTooltip().getText()).contains("the third line of why");
    assertThat(robot.lookup("#build-ref").queryTextInputControl().getText()).isEqualTo(REF);
    assertThat(robot.lookup("#build-ref-note").queryAs(Label.class).getText())
        .startsWith("from the last good build (");
  }

  /** Its first build is ready with a full-length digest; the next fails with a three-line message. */
  private static final class ReadyThenFailing implements Runtime {
    private final AtomicInteger builds = new AtomicInteger();

    @Override
    public String describe() {
      return "ready-then-failing";
    }

    @Override
    public BuildHandle build(BuildRequest request) {
      int n = builds.incrementAndGet();
      EventLog log = new EventLog("b" + n, SecretMasker.none());
      int steps = request.template().steps().size();
      log.append(BuildEvent.of(BuildEvent.BUILD_START).steps(steps).build());
      for (int i = 0; i <= steps; i++) {
        log.append(BuildEvent.of(BuildEvent.STEP_START).step(i).steps(steps).message("step " + i).build());
        log.append(BuildEvent.of(BuildEvent.STEP_END).step(i).status("done").durationMs(10).build());
      }
      BuildEvent end = n == 1
          ? log.append(BuildEvent.of(BuildEvent.BUILD_END).status("ready").ref(REF).steps(steps).durationMs(40).build())
          : log.append(BuildEvent.of(BuildEvent.BUILD_END).status("error").steps(steps).durationMs(40)
              .message("the start command failed: exit code 3\nsecond line of why\nthe third line of why").build());
      return new BuildHandle() {
        @Override
        public String id() {
          return "b" + n;
        }

        @Override
        public EventLog events() {
          return log;
        }

        @Override
        public CompletableFuture<BuildEvent> result() {
          return CompletableFuture.completedFuture(end);
        }

        @Override
        public void cancel() {
          // Over before it can be cancelled.
        }
      };
    }

    @Override
    public List<TemplateInfo> templates() {
      return List.of();
    }
  }
}
