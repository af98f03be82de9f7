package dev.templatestudio.app.studio.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.logview.StepProgress;
import dev.templatestudio.app.studio.logview.StepState;
import dev.templatestudio.app.studio.workspace.EditorSession;
import dev.templatestudio.bridge.build.CachePrediction;
import dev.templatestudio.bridge.runtimes.Runtimes;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.TemplateJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
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
 * Issue 15: before a build every card shows what the build will do with the cache, updated
 * after an edit and after a file of the context changes on disk; the real embedded build that
 * follows agrees on every card.
 */
@ExtendWith(ApplicationExtension.class)
class PredictedCacheGuiTest {
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

  /** The predicted badge of card {@code part}: its text, or empty when it has none. */
  private static Optional<String> predicted(FxRobot robot, int part) {
    return robot.lookup("#card-" + part + " .prediction").tryQueryAs(Label.class).map(Label::getText);
  }

  /** Waits until cards 0…N show {@code texts} as their predicted badges. */
  private static void waitForPredictions(FxRobot robot, List<String> texts) throws Exception {
    try {
      WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> {
        for (int part = 0; part < texts.size(); part++) {
          if (!predicted(robot, part).equals(Optional.of(texts.get(part)))) {
            return false;
          }
        }
        return true;
      });
    } catch (java.util.concurrent.TimeoutException e) {
      List<Optional<String>> shown = new ArrayList<>();
      for (int part = 0; part < texts.size(); part++) {
        shown.add(predicted(robot, part));
      }
      assertThat(shown).as("predicted badges").isEqualTo(texts.stream().map(Optional::of).toList());
    }
  }

  /** Builds, waits for the end, and asserts each card's build badge is what its prediction said. */
  private static void buildAndAgree(FxRobot robot, EditorSession s, int builds) throws Exception {
    CachePrediction foretold = s.predictions().latestProperty().get();
    robot.press(KeyCode.CONTROL).type(KeyCode.B).release(KeyCode.CONTROL);
    WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> s.history().records().size() == builds);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(s.history().records().get(0).status()).isEqualTo("ready");
    int parts = s.document().template().steps().size() + 1;
    assertThat(foretold.steps()).hasSize(parts);
    for (int part = 0; part < parts; part++) {
      CachePrediction.Step step = foretold.step(part);
      StepProgress actual = s.partStates().get(part);
      String badge = robot.lookup("#card-" + part + " .badge").queryAs(Label.class).getText();
      if (step.hit()) {
        assertThat(badge).as("card %d, foretold as a hit", part).isEqualTo("CACHED");
        assertThat(actual.state()).isEqualTo(StepState.CACHED);
      } else {
        assertThat(badge).as("card %d, foretold to run: %s", part, step.reason()).startsWith("done");
        assertThat(actual.missReason()).as("card %d's miss reason", part).isEqualTo(step.reason());
      }
    }
  }

  @Test
  void predictedBadgesFollowEditsAndFilesAndTheBuildAgrees(FxRobot robot) throws Exception {
    Path project = Files.createDirectories(dir.resolve("project"));
    Files.createDirectories(project.resolve("site"));
    Files.writeString(project.resolve("site/index.html"), "<h1>v1</h1>\n");
    Template t = StudioFixture.busybox(dir.resolve("busybox"), "predicted-site", new RunStep("echo one > /one"),
        new EnvStep(Map.of("GREETING", "hi")), new CopyStep(List.of("site"), "/site"),
        new RunStep("cat /site/index.html"));
    Path file = project.resolve("site.template.json");
    Files.writeString(file, TemplateJson.write(t));
    robot.interact(() -> fx.studio.workspace().open(file));
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx.studio.workspace().current() != null);
    EditorSession s = fx.studio.workspace().current();

    String first = "will run: first build";
    waitForPredictions(robot, List.of(first, first, first, first, first));
    buildAndAgree(robot, s, 1);
    String cached = "will be CACHED";
    waitForPredictions(robot, List.of(cached, cached, cached, cached, cached));
    assertThat(robot.lookup("#card-5 .prediction").tryQuery()).as("the start card has no cache").isEmpty();

    robot.interact(() -> s.document().edit("Edit run", x -> x.withStep(3, new RunStep("cat /site/index.html /one"))));
    // The badge says the reason's headline; its tooltip says the whole reason.
    String edited = "will run: command changed";
    waitForPredictions(robot, List.of(cached, cached, cached, cached, edited));

    // Nothing edited now: only the watch of the context folder can notice this.
    Files.writeString(project.resolve("site/index.html"), "<h1>v2</h1>\n");
    waitForPredictions(robot, List.of(cached, cached, cached, "will run: input files changed", edited));
    assertThat(robot.lookup("#card-3 .prediction").queryAs(Label.class).getTooltip().getText())
        .endsWith("because: input files changed: site/index.html");
    buildAndAgree(robot, s, 2);
    waitForPredictions(robot, List.of(cached, cached, cached, cached, cached));
  }
}
