package dev.templatestudio.app.studio.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.ScriptedRuntime;
import dev.templatestudio.app.studio.common.KeyHelp;
import dev.templatestudio.app.studio.document.Examples;
import dev.templatestudio.app.studio.problems.ProblemItem;
import dev.templatestudio.bridge.template.Ready;
import dev.templatestudio.bridge.template.Start;
import dev.templatestudio.bridge.template.TemplateJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 15, finding 6: the keyboard shortcuts are a table made from the real bindings; the
 * Build menu waits for a document; a start problem is placed by step; a long problem has a
 * tooltip; Open starts in the last used folder; the start page lists recent files.
 */
@ExtendWith(ApplicationExtension.class)
class SmallFindingsGuiTest {
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

  private MenuItem menuItem(FxRobot robot, String id) {
    MenuBar bar = robot.lookup("#menubar").queryAs(MenuBar.class);
    return bar.getMenus().stream().flatMap(m -> m.getItems().stream()).filter(i -> id.equals(i.getId()))
        .findFirst().orElseThrow();
  }

  @Test
  void theShortcutsTableListsTheRealBindingsAndBuildWaitsForADocument(FxRobot robot) throws Exception {
    assertThat(menuItem(robot, "menu-build").isDisable()).as("Build with no document").isTrue();
    assertThat(menuItem(robot, "menu-cancel").isDisable()).as("Cancel Build with no document").isTrue();
    robot.interact(() -> menuItem(robot, "menu-shortcuts").fire());
    WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#shortcuts-table").tryQuery().isPresent());
    TableView<KeyHelp> table = robot.lookup("#shortcuts-table").queryTableView();
    try {
      assertThat(table.getItems()).extracting(KeyHelp::keys)
          .contains("Ctrl+W", "Ctrl+Q", "Ctrl+Shift+S", "F3", "Enter", "Ctrl+B", "Alt+Up");
      assertThat(table.getItems()).anySatisfy(k -> {
        assertThat(k.keys()).isEqualTo("Enter");
        assertThat(k.action()).contains("Fold");
      });
    } finally {
      robot.interact(() -> ((Stage) table.getScene().getWindow()).close());
    }
    robot.interact(() -> fx.studio.workspace().newScratch());
    assertThat(menuItem(robot, "menu-build").isDisable()).isFalse();
  }

  @Test
  void aStartProblemIsPlacedByStepAndALongOneHasATooltip(FxRobot robot) throws Exception {
    String longCommand = "   ";
    robot.interact(() -> fx.studio.workspace().newWith(Examples.python()
        .withStart(new Start(longCommand, new Ready.Port(0, 30))), "broken"));
    WaitForAsyncUtils.waitForFxEvents();
    robot.clickOn("#tab-problems");
    var problems = robot.lookup("#problems").<ProblemItem>queryListView();
    assertThat(problems.getItems()).extracting(ProblemItem::text).contains("step 5, command: the start command is empty",
        "step 5, port: port 0 is out of range (1-65535)");
    Node cell = robot.lookup("#problems .list-cell").match(n -> ((ListCell<?>) n).getItem() != null).query();
    assertThat(((ListCell<?>) cell).getTooltip()).isNotNull();
    assertThat(((ListCell<?>) cell).getTooltip().getText()).isEqualTo(((ProblemItem) ((ListCell<?>) cell).getItem()).text());
  }

  @Test
  void openStartsInTheLastUsedFolderAndTheStartPageListsRecentFiles(FxRobot robot) throws Exception {
    Path folder = Files.createDirectories(dir.resolve("projects/agent"));
    Path file = Files.writeString(folder.resolve("agent.template.json"), TemplateJson.write(Examples.python()));
    robot.interact(() -> fx.studio.workspace().open(file));
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx.studio.workspace().sessions().size() == 1);
    robot.interact(() -> fx.studio.workspace().newScratch());
    robot.interact(() -> fx.studio.workspace().openChosen());
    assertThat(fx.dialogs.initialDirs).last().isEqualTo(folder.toAbsolutePath());

    fx.dialogs.closeChoice = dev.templatestudio.app.studio.common.StudioDialogs.CloseChoice.DISCARD;
    robot.interact(() -> fx.studio.workspace().closeAll(() -> { }));
    WaitForAsyncUtils.waitForFxEvents();
    Hyperlink recent = robot.lookup("#recent-0").queryAs(Hyperlink.class);
    assertThat(recent.getText()).contains("agent.template.json");
    robot.interact(recent::fire);
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx.studio.workspace().sessions().size() == 1);
    assertThat(fx.studio.workspace().current().document().path()).isEqualTo(file.toAbsolutePath());
  }
}
