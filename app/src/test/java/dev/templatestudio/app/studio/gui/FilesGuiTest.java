package dev.templatestudio.app.studio.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.workspace.EditorSession;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Template;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableView;
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
 * The Files tab on real embedded builds: a step's added file with its size, biggest first, and
 * two builds of the template compared step by step.
 */
@ExtendWith(ApplicationExtension.class)
class FilesGuiTest {
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
  void aBuiltStepsFilesAndTwoBuildsComparedStepByStep(FxRobot robot) throws Exception {
    Template first = StudioFixture.busybox(home.resolve("busybox"), "gui-files",
        new RunStep("head -c 3000 /dev/zero > /big.bin && mkdir -p /srv && echo hi > /srv/small.txt"),
        new RunStep("echo v1 > /v"));
    EditorSession one = build(robot, first);

    robot.interact(() -> one.pipeline().select(1));
    robot.clickOn("#tab-files");
    TreeTableView<?> tree = tree(robot);
    WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> rows(tree).contains("big.bin 2.9 KB added"));
    assertThat(rows(tree)).containsExactly("big.bin 2.9 KB added", "srv 3 B added", "small.txt 3 B added");
    assertThat(header(robot))
        .startsWith("Step 1 \u00B7 RUN head -c 3000").contains("3 added, 0 changed, 0 removed");

    robot.interact(() -> shown(robot, "#files-biggest-first", javafx.scene.Node.class).requestFocus());
    robot.type(KeyCode.SPACE);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(rows(tree)).containsExactly("/big.bin 2.9 KB added", "/srv/small.txt 3 B added", "/srv 0 B added");

    Template second = first.withSteps(List.of(first.steps().get(0), new RunStep("echo version-two > /v")));
    EditorSession two = build(robot, second);
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> two.history().records().size() == 2);
    robot.interact(() -> two.pipeline().select(2));
    robot.clickOn("#tab-files");
    WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> rows(tree(robot)).contains("v 12 B added"));

    ComboBox<?> compare = shown(robot, "#files-compare", ComboBox.class);
    assertThat(compare.getItems()).hasSize(1);
    robot.interact(() -> compare.getSelectionModel().select(0));
    ListView<?> steps = shown(robot, "#files-compare-steps", ListView.class);
    try {
      WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> steps.getItems().size() == 3
          && rows(tree(robot)).equals(List.of("v 3 B \u2192 12 B changed")));
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("compared: " + steps.getItems() + " rows " + rows(tree(robot)) + " note "
          + two.files().noteProperty().get() + " header " + header(robot), e);
    }
    assertThat(steps.getItems().stream().map(Object::toString).collect(Collectors.joining("\n")))
        .contains("step=1", "status=SAME").contains("step=2, messageA=RUN echo v1 > /v");
    assertThat(header(robot)).contains("0 added, 1 changed, 0 removed");

    // Step 1, whose layer both builds share.
    robot.interact(() -> steps.getSelectionModel().select(1));
    try {
      WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> header(robot).contains("the same files"));
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("step " + two.files().step() + " selected " + steps.getSelectionModel().getSelectedIndex()
          + " focused " + steps.isFocused() + " header " + header(robot) + " note " + two.files().noteProperty().get(), e);
    }
    assertThat(header(robot)).startsWith("Step 1 \u00B7 RUN head -c 3000");
    assertThat(rows(tree(robot))).isEmpty();
  }

  private EditorSession build(FxRobot robot, Template t) throws Exception {
    robot.interact(() -> fx.studio.workspace().newWith(t, t.name()));
    EditorSession s = fx.studio.workspace().current();
    int before = s.history().records().size();
    robot.press(KeyCode.CONTROL).type(KeyCode.B).release(KeyCode.CONTROL);
    WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> s.history().records().size() > before
        && s.history().records().get(0).end() != null && !s.builds().isRunning());
    assertThat(s.history().records().get(0).status()).isEqualTo("ready");
    return s;
  }

  /** The node of the document on show: each open document has a Files tab of its own. */
  private static <T extends javafx.scene.Node> T shown(FxRobot robot, String id, Class<T> type) {
    return robot.lookup(id).queryAllAs(type).stream().filter(FilesGuiTest::showing).findFirst().orElseThrow();
  }

  private static boolean showing(javafx.scene.Node n) {
    for (javafx.scene.Node p = n; p != null; p = p.getParent()) {
      if (!p.isVisible()) {
        return false;
      }
    }
    return true;
  }

  private static TreeTableView<?> tree(FxRobot robot) {
    return shown(robot, "#files-tree", TreeTableView.class);
  }

  private static String header(FxRobot robot) {
    return shown(robot, "#files-header", Label.class).getText();
  }

  /** Each visible row as "name size change", in tree order (flat when biggest first). */
  private static List<String> rows(TreeTableView<?> tree) {
    java.util.ArrayList<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < tree.getExpandedItemCount(); i++) {
      TreeItem<?> item = tree.getTreeItem(i);
      if (item != null && item != tree.getRoot()) {
        out.add((text(tree.getColumns().get(0).getCellData(i)) + " " + text(tree.getColumns().get(2).getCellData(i))
            + " " + text(tree.getColumns().get(1).getCellData(i))).trim());
      }
    }
    return out;
  }

  private static String text(Object cell) {
    return cell == null ? "" : cell.toString();
  }
}
