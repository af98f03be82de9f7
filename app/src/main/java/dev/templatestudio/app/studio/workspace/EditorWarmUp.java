package dev.templatestudio.app.studio.workspace;

import dev.templatestudio.app.studio.build.BuildViewModel;
import dev.templatestudio.app.studio.common.StudioDialogs;
import dev.templatestudio.app.studio.common.TaskRunner;
import dev.templatestudio.app.studio.document.Examples;
import dev.templatestudio.app.studio.document.TemplateDocument;
import dev.templatestudio.app.studio.history.HistoryViewModel;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javafx.scene.Group;
import javafx.scene.Scene;

/**
 * Opens a throwaway editor off screen once the window is up, so the person's first document
 * opens fast. The first editor of a run cost about three times a later one (1.0-1.8 s of the FX
 * thread against 0.3-0.5 s, measured with docs/perf/window-bench.sh): loading and initialising
 * the classes of RichTextFX, the forms and the log view, running their code for the first time,
 * and the first style pass over their style classes. Done while the window waits for the person,
 * that work no longer comes between the click on "Start from scratch" and its editor. The
 * throwaway editor is in no workspace, autosave or history, and is dropped at once. FX thread.
 */
public final class EditorWarmUp {
  private EditorWarmUp() {}

  /**
   * Builds, styles and lays out an editor of a scratch document as large as {@code window}'s
   * scene, then drops it.
   */
  public static void run(MainWindow window, WorkspaceViewModel vm, Supplier<BuildViewModel> builds, TaskRunner tasks,
      StudioDialogs dialogs, LongSupplier clock) {
    BuildViewModel b = builds.get();
    EditorSession session = new EditorSession(new TemplateDocument(Examples.scratch(), null, "warm-up"), b,
        new HistoryViewModel(tasks, b::amendSummary), Path.of("").toAbsolutePath(), null, null, tasks);
    EditorView editor = new EditorView(session, vm, dialogs, clock);
    Scene main = window.scene();
    Scene offscreen = new Scene(editor.node(), main.getWidth(), main.getHeight());
    offscreen.getStylesheets().setAll(main.getStylesheets());
    editor.node().applyCss();
    editor.node().resize(main.getWidth(), main.getHeight());
    editor.node().layout();
    editor.dispose();
    offscreen.setRoot(new Group());
  }
}
