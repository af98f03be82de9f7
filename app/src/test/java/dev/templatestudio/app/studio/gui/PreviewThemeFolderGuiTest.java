package dev.templatestudio.app.studio.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.ScriptedRuntime;
import dev.templatestudio.app.studio.document.Examples;
import dev.templatestudio.app.studio.preview.PreviewFormat;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.TemplateJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.stage.Stage;
import org.fxmisc.richtext.CodeArea;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 15, finding 6, the rest: the JSON and Python previews are coloured and mark the selected
 * card's lines; the dark theme's palette selection is dark with light text; a copy step can take
 * a whole folder.
 */
@ExtendWith(ApplicationExtension.class)
class PreviewThemeFolderGuiTest {
  @TempDir
  Path dir;
  private final StudioFixture fx = new StudioFixture(new ScriptedRuntime(Set.of(), -1, -1));

  @org.testfx.framework.junit5.Start
  void start(Stage stage) {
    fx.start(stage, dir.resolve("home"));
  }

  @AfterEach
  void stop() {
    fx.stop();
  }

  private void openExample(FxRobot robot) throws Exception {
    Path file = Files.writeString(Files.createDirectories(dir.resolve("agent")).resolve("agent.template.json"),
        TemplateJson.write(Examples.python()));
    robot.interact(() -> fx.studio.workspace().open(file));
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx.studio.workspace().sessions().size() == 1);
    WaitForAsyncUtils.waitForFxEvents();
  }

  /** The text of the paragraphs marked as the selected card's lines. */
  private static List<String> markedLines(CodeArea area) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < area.getParagraphs().size(); i++) {
      if (area.getParagraph(i).getParagraphStyle().contains("selected-line")) {
        lines.add(area.getText(i));
      }
    }
    return lines;
  }

  /** The style classes used anywhere in the area's text. */
  private static List<String> styleClasses(CodeArea area) {
    List<String> classes = new ArrayList<>();
    area.getStyleSpans(0, area.getLength()).forEach(s -> {
      for (String c : (Collection<String>) s.getStyle()) {
        if (!classes.contains(c)) {
          classes.add(c);
        }
      }
    });
    return classes;
  }

  @Test
  void theJsonAndPythonPreviewsAreColouredAndMarkTheSelectedCard(FxRobot robot) throws Exception {
    openExample(robot);
    CodeArea area = robot.lookup("#preview").query();
    robot.clickOn("#card-2");
    assertThat(markedLines(area)).containsExactly("RUN pip install fastapi uvicorn");

    robot.clickOn("#preview-json");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(fx.studio.workspace().current().preview().formatProperty().get()).isEqualTo(PreviewFormat.JSON);
    assertThat(styleClasses(area)).contains("json-key", "json-string", "json-number");
    assertThat(String.join("\n", markedLines(area))).contains("\"pip\"", "\"fastapi\"", "\"uvicorn\"")
        .doesNotContain("\"apt\"", "\"git\"", "python:3.12");
    robot.clickOn("#card-3");
    assertThat(String.join("\n", markedLines(area))).contains("\"app/\"", "\"/app\"").doesNotContain("fastapi");

    robot.clickOn("#preview-python");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(styleClasses(area)).contains("py-keyword", "py-string", "py-number");
    assertThat(markedLines(area)).containsExactly("    .copy(\"app/\", \"/app\")");
    robot.clickOn("#card-0");
    assertThat(markedLines(area)).containsExactly("    .from_python_image(\"3.12\")");
  }

  @Test
  void theDarkPaletteSelectionIsDarkWithLightText(FxRobot robot) throws Exception {
    openExample(robot);
    robot.interact(() -> fx.studio.window().darkProperty().set(true));
    ListView<?> palette = robot.lookup("#palette").queryListView();
    robot.interact(() -> palette.getSelectionModel().select(1));
    // The selection the issue saw: the palette keeps it while another pane has the focus.
    robot.clickOn("#card-1");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(palette.isFocused()).isFalse();
    ListCell<?> cell = robot.lookup("#palette .list-cell").match(n -> ((ListCell<?>) n).isSelected())
        .queryAs(ListCell.class);
    List<Paint> fills = new ArrayList<>();
    cell.getBackground().getFills().forEach(f -> fills.add(f.getFill()));
    Color bar = (Color) fills.get(fills.size() - 1);
    Color text = (Color) cell.getTextFill();
    assertThat(bar.getBrightness()).as("selection bar %s", bar).isLessThan(0.5);
    assertThat(text.getBrightness()).as("selected text %s", text).isGreaterThan(0.7);
  }

  @Test
  void aCopyStepCanTakeAWholeFolder(FxRobot robot) throws Exception {
    openExample(robot);
    Path site = Files.createDirectories(dir.resolve("agent/site/css"));
    robot.clickOn("#card-3");
    fx.dialogs.copyFolder = site.getParent();
    robot.clickOn("#copy-add-folder");
    WaitForAsyncUtils.waitForFxEvents();
    CopyStep copy = (CopyStep) fx.studio.workspace().current().document().template().steps().get(2);
    assertThat(copy.sources()).containsExactly("app/", "site");
    assertThat(fx.dialogs.initialDirs).last().isEqualTo(dir.resolve("agent").toAbsolutePath());
    assertThat(robot.lookup("#copy-add-files").queryAs(Button.class).isVisible()).isTrue();
  }
}
