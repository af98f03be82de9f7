package dev.templatestudio.app.studio.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.ScriptedRuntime;
import dev.templatestudio.app.studio.build.TimelineView;
import dev.templatestudio.app.studio.preview.PreviewFormat;
import dev.templatestudio.app.studio.workspace.EditorSession;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.Mount;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Stage;
import dev.templatestudio.bridge.template.Template;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import org.fxmisc.richtext.CodeArea;
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
 * Build stages in the studio: a dropped multi-stage Dockerfile shows every stage; stages are
 * added, renamed and removed with undo; a copy's From and a run step's mounts are edited in the
 * inspector and reach the preview; the log and the timeline group a build's steps by stage.
 */
@ExtendWith(ApplicationExtension.class)
class StageGuiTest {
  static final String DOCKERFILE = """
      FROM golang:1.22 AS deps
      RUN go mod download
      RUN go vet ./...

      FROM deps AS build
      RUN --mount=type=cache,target=/root/.cache go build -o /out/app .

      FROM debian:bookworm-slim
      COPY --from=build /out/app /app
      CMD ["/app"]
      """;
  @TempDir
  Path dir;
  // The final stage's step 1 fails: its start card is then "skipped", never a stage step's state.
  private final StudioFixture fx = new StudioFixture(new ScriptedRuntime(Set.of(0), 1, -1));

  @Start
  void start(javafx.stage.Stage stage) {
    fx.start(stage, dir.resolve("home"));
  }

  @AfterEach
  void stop() {
    fx.stop();
  }

  private EditorSession open(FxRobot robot) throws Exception {
    Path file = Files.writeString(dir.resolve("Dockerfile"), DOCKERFILE);
    robot.interact(() -> FileDrops.drop(robot.lookup("#empty-state").query(), List.of(file)));
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx.studio.workspace().sessions().size() == 1);
    WaitForAsyncUtils.waitForFxEvents();
    EditorSession s = fx.studio.workspace().current();
    robot.interact(() -> s.preview().formatProperty().set(PreviewFormat.DOCKERFILE));
    return s;
  }

  private static List<String> stageToggles(FxRobot robot) {
    return robot.lookup("#stage-bar").queryAs(javafx.scene.layout.Pane.class).getChildren().stream()
        .filter(n -> n instanceof ToggleButton).map(n -> ((ToggleButton) n).getText()
            + (((ToggleButton) n).isSelected() ? "*" : "")).toList();
  }

  private static List<String> cards(FxRobot robot) {
    return robot.lookup("#pipeline").queryListView().getItems().stream()
        .map(c -> c.toString().replaceAll(".*kind=([^,]+), summary=([^,]*),.*", "$1 $2")).toList();
  }

  private static String preview(FxRobot robot) {
    return robot.lookup("#preview").queryAs(CodeArea.class).getText();
  }

  private static void undo(FxRobot robot) {
    robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
    WaitForAsyncUtils.waitForFxEvents();
  }

  @Test
  void aDroppedMultiStageDockerfileShowsEveryStageAndThePaletteAddsToTheStageOnShow(FxRobot robot) throws Exception {
    EditorSession s = open(robot);
    assertThat(stageToggles(robot)).containsExactly("deps", "build", "final*");
    assertThat(cards(robot)).containsExactly("FROM debian:bookworm-slim", "copy from build: /out/app \u2192 /app",
        "start /app");
    assertThat(preview(robot)).contains("FROM golang:1.22 AS deps", "FROM deps AS build",
        "RUN --mount=type=cache,target=/root/.cache go build -o /out/app .", "COPY --from=build /out/app /app");

    robot.clickOn("#stage-1");
    assertThat(stageToggles(robot)).containsExactly("deps", "build*", "final");
    assertThat(cards(robot)).containsExactly("FROM stage deps", "run go build -o /out/app . (1 mount)");
    robot.clickOn("#card-1");
    assertThat(robot.lookup("#inspector-heading").queryAs(Label.class).getText())
        .isEqualTo("Run command \u00B7 stage build, step 1");
    // Enter on a palette item adds it as a double-click does (a double-click is two clicks on a slow machine).
    robot.clickOn("#palette-workdir").type(KeyCode.ENTER);
    WaitForAsyncUtils.waitForFxEvents();
    Template t = s.document().template();
    assertThat(t.stages().get(1).steps()).hasSize(2);
    assertThat(t.steps()).hasSize(1);
    assertThat(cards(robot)).hasSize(3);
    undo(robot);
    assertThat(s.document().template().stages().get(1).steps()).hasSize(1);
    assertThat(cards(robot)).hasSize(2);
  }

  @Test
  void stagesAreAddedRenamedAndRemovedWithUndo(FxRobot robot) throws Exception {
    EditorSession s = open(robot);
    robot.clickOn("#stage-add");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(stageToggles(robot)).containsExactly("deps", "build", "stage3*", "final");
    assertThat(cards(robot)).containsExactly("FROM debian:bookworm-slim");

    // F2 renames as a double-click does (which is two clicks on a slow machine).
    robot.clickOn("#stage-1").type(KeyCode.F2);
    WaitForAsyncUtils.waitForFxEvents();
    robot.lookup("#stage-rename").queryTextInputControl().selectAll();
    robot.write("compile").type(KeyCode.ENTER);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(stageToggles(robot)).containsExactly("deps", "compile*", "stage3", "final");
    assertThat(s.document().template().steps().get(0)).isEqualTo(
        new CopyStep(List.of("/out/app"), "/app", null, null, Base.stage("compile"), false));
    assertThat(preview(robot)).contains("FROM deps AS compile", "COPY --from=compile /out/app /app");
    robot.clickOn("#stage-final");
    undo(robot);
    assertThat(stageToggles(robot)).containsExactly("deps", "build", "stage3", "final*");
    assertThat(preview(robot)).contains("COPY --from=build /out/app /app");

    robot.clickOn("#stage-0").type(KeyCode.F2);
    WaitForAsyncUtils.waitForFxEvents();
    robot.lookup("#stage-rename").queryTextInputControl().selectAll();
    robot.write("build").type(KeyCode.ENTER);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(fx.dialogs.errors).containsExactly("There is a stage build already.");

    robot.clickOn("#stage-0").type(KeyCode.DELETE);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(fx.dialogs.errors).last()
        .isEqualTo("Stage deps is still used by stage build, base; change those first.");
    assertThat(stageToggles(robot)).contains("deps*");

    robot.clickOn("#stage-2").type(KeyCode.DELETE);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(stageToggles(robot)).containsExactly("deps", "build", "final*");
    undo(robot);
    assertThat(stageToggles(robot)).containsExactly("deps", "build", "stage3", "final*");
    robot.press(KeyCode.CONTROL).type(KeyCode.Y).release(KeyCode.CONTROL);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(s.document().template().stages()).extracting(Stage::name).containsExactly("deps", "build");
  }

  @Test
  void aCopysFromPicksAStageOrAnImage(FxRobot robot) throws Exception {
    EditorSession s = open(robot);
    robot.clickOn("#card-1");
    ComboBox<String> from = robot.lookup("#steps-0--from").queryComboBox();
    assertThat(from.getItems()).containsExactly("build context", "deps", "build", "image\u2026");
    assertThat(from.getValue()).isEqualTo("build");
    robot.interact(() -> from.setValue("deps"));
    assertThat(((CopyStep) s.document().template().steps().get(0)).from()).isEqualTo(Base.stage("deps"));
    assertThat(preview(robot)).contains("COPY --from=deps /out/app /app");

    robot.interact(() -> from.setValue("image\u2026"));
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(from.getEditor().getText()).isEmpty();
    robot.clickOn(from.getEditor()).write("nginx:1.27").type(KeyCode.ENTER);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(((CopyStep) s.document().template().steps().get(0)).from()).isEqualTo(Base.image("nginx:1.27"));
    assertThat(preview(robot)).contains("COPY --from=nginx:1.27 /out/app /app");
    undo(robot);
    undo(robot);
    assertThat(((CopyStep) s.document().template().steps().get(0)).from()).isEqualTo(Base.stage("build"));
    assertThat(from.getValue()).isEqualTo("build");
  }

  @Test
  void mountsEditedInTheInspectorReachTheDockerfile(FxRobot robot) throws Exception {
    EditorSession s = open(robot);
    robot.clickOn("#stage-1");
    robot.clickOn("#card-1");
    TextArea mounts = robot.lookup("#steps-0--mounts").queryAs(TextArea.class);
    assertThat(mounts.getText()).isEqualTo("type=cache,target=/root/.cache");
    robot.clickOn(mounts).type(KeyCode.END).write("\ntype=secret,id=token,env=TOKEN");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(((RunStep) s.document().template().stages().get(1).steps().get(0)).mounts())
        .containsExactly(Mount.cache("/root/.cache"), Mount.secret("token", null, "TOKEN"));
    assertThat(preview(robot)).contains("RUN --mount=type=cache,target=/root/.cache "
        + "--mount=type=secret,id=token,env=TOKEN go build -o /out/app .");

    robot.write(",colour=red");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(robot.lookup(".field-problem").queryAs(Label.class).getText()).isEqualTo("Mount line 2: the field"
        + " colour is not one of type, target, source, from, id, sharing, rw, env, required, size.");
    assertThat(((RunStep) s.document().template().stages().get(1).steps().get(0)).mounts()).hasSize(2);

    // A cache mount without a target: the problem names the stage and its step. Typed after the
    // document's undo merge window, so undo takes back this edit alone, as on a slower machine.
    Thread.sleep(1_600);
    robot.interact(() -> mounts.setText("type=cache"));
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(robot.lookup("#problems").queryListView().getItems()).anySatisfy(p ->
        assertThat(p.toString()).contains("stage build, step 1, mounts[0]"));
    undo(robot);
    assertThat(((RunStep) s.document().template().stages().get(1).steps().get(0)).mounts())
        .containsExactly(Mount.cache("/root/.cache"), Mount.secret("token", null, "TOKEN"));
    assertThat(mounts.getText()).isEqualTo("type=cache,target=/root/.cache\ntype=secret,id=token,env=TOKEN");
  }

  @Test
  void theLogAndTheTimelineGroupABuildsStepsByStage(FxRobot robot) throws Exception {
    EditorSession s = open(robot);
    robot.interact(() -> s.document().setImportDiagnostics(List.of()));
    robot.press(KeyCode.CONTROL).type(KeyCode.B).release(KeyCode.CONTROL);
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !s.history().records().isEmpty());
    WaitForAsyncUtils.waitForFxEvents();
    StyleClassedTextArea area = robot.lookup("#build-log").queryAs(StyleClassedTextArea.class);
    // The log view takes its lines once per frame: the end line comes a frame after the history's entry.
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> area.getText().contains("Build failed"));
    String log = area.getText();
    assertThat(log).containsSubsequence("\u2500\u2500 stage deps\n#deps/0 [0/2] FROM golang:1.22\n",
        "#deps/0 working on deps step 0\n", "#deps/2 [2/2] run\n", "#deps/2 DONE 0.7s\n",
        "\u2500\u2500 stage build\n#build/0 [0/1] FROM deps\n", "#build/1 [1/1] run\n",
        "\u2500\u2500 final stage\n#0 [0/1] FROM debian:bookworm-slim  CACHED\n#1 [1/1] copy\n", "#1 ERROR");
    // Stage step 2 ended "done"; the final stage's part 2 (its start) has no state of this build.
    assertThat(robot.lookup("#card-2 .badge").tryQuery()).isEmpty();
    assertThat(robot.lookup("#card-1 .badge").queryAs(Label.class).getText()).startsWith("failed");
    TableView<TimelineView.Row> timeline = robot.lookup("#build-timeline").queryTableView();
    assertThat(timeline.getItems()).extracting(r -> (r.step() + " " + r.what() + " " + r.state()).strip())
        .containsExactly("stage deps", "0 FROM golang:1.22 done", "1 run go mod download done",
            "2 run go vet ./... done", "stage build", "0 FROM stage deps done", "1 run go build -o /out/app . (1 mount) done",
            "final stage", "0 FROM debian:bookworm-slim CACHED", "1 copy from build: /out/app \u2192 /app failed");
    // A stage's cards show that stage's states.
    robot.clickOn("#stage-0");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(robot.lookup("#card-2 .badge").queryAs(Label.class).getText()).isEqualTo("done 0.7s");
    Node card = robot.lookup("#card-1").query();
    assertThat(((ListCell<?>) card).getTooltip().getText()).isEqualTo("Rebuilt: parent changed");
  }
}
