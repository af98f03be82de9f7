package dev.templatestudio.app.studio.workspace;

import dev.templatestudio.app.studio.common.Icons;
import dev.templatestudio.app.studio.runtimes.DockerEngineViewModel;
import dev.templatestudio.app.studio.runtimes.DockerRuntimeDialog;
import dev.templatestudio.app.studio.runtimes.RemoteRuntimeDialog;
import dev.templatestudio.app.studio.runtimes.RuntimeChoice;
import dev.templatestudio.app.studio.runtimes.RuntimeViewModel;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The toolbar: file commands, undo/redo, the runtime choice, Build and Cancel; when the
 * template has errors, Build is disabled and a label beside it says why. FX thread.
 */
final class MainToolBar {
  /** The entries that ask for a remote runtime or a Docker Engine. */
  private static final RuntimeChoice REMOTE_ENTRY = RuntimeChoice.remote("\u2026", null);
  private static final RuntimeChoice DOCKER_ENTRY = RuntimeChoice.docker("\u2026");
  private final ToolBar bar;
  private final HBox right;
  /** Set while the list is brought in line with the choice: the changes that makes ask nothing. */
  private boolean showingChoice;

  MainToolBar(MainWindow window, WorkspaceViewModel vm, RuntimeViewModel runtimes) {
    Button newDoc = button("new", "New (Ctrl+N)", "tb-new", vm::newScratch);
    Button open = button("open", "Open a template (Ctrl+O)", "tb-open", vm::openChosen);
    Button save = button("save", "Save (Ctrl+S)", "tb-save", () -> {
      if (vm.current() != null) {
        vm.save(vm.current(), () -> { });
      }
    });
    Button importer = button("import", "Import a Dockerfile (Ctrl+I)", "tb-import", vm::importChosen);
    importer.setText("Import Dockerfile\u2026");
    Button undo = button("undo", "Undo (Ctrl+Z)", "tb-undo", () -> vm.current().document().undo());
    Button redo = button("redo", "Redo (Ctrl+Shift+Z)", "tb-redo", () -> vm.current().document().redo());
    BooleanBinding none = vm.currentProperty().isNull();
    save.disableProperty().bind(none);
    undo.disableProperty().bind(DocumentBindings.flag(vm, s -> s.document().canUndoProperty()).not());
    redo.disableProperty().bind(DocumentBindings.flag(vm, s -> s.document().canRedoProperty()).not());

    ComboBox<RuntimeChoice> runtime = new ComboBox<>();
    runtime.setId("tb-runtime");
    runtime.setTooltip(new Tooltip("Where builds run: the embedded engine, a remote server, or a Docker Engine"));
    runtime.getItems().setAll(RuntimeChoice.EMBEDDED, REMOTE_ENTRY, DOCKER_ENTRY);
    runtime.setConverter(new javafx.util.StringConverter<>() {
      @Override
      public String toString(RuntimeChoice c) {
        return c == null ? "" : c == REMOTE_ENTRY ? "Remote\u2026" : c == DOCKER_ENTRY ? "Docker\u2026" : c.label();
      }

      @Override
      public RuntimeChoice fromString(String s) {
        return null;
      }
    });
    show(runtime, runtimes.choiceProperty().get());
    runtime.valueProperty().addListener((o, old, c) -> {
      if (showingChoice) {
        return;
      }
      if (c == REMOTE_ENTRY) {
        RemoteRuntimeDialog.ask(runtime.getScene().getWindow(), runtimes.remoteToOffer(), runtimes.localServeToken())
            .ifPresentOrElse(r -> runtimes.choiceProperty().set(r), () -> runtime.setValue(old));
      } else if (c == DOCKER_ENTRY) {
        DockerRuntimeDialog.ask(runtime.getScene().getWindow(),
            new DockerEngineViewModel(runtimes.dockerToOffer(), runtimes.localDockerEngine()))
            .ifPresentOrElse(r -> runtimes.choiceProperty().set(r), () -> runtime.setValue(old));
      } else if (c != null && !c.equals(runtimes.choiceProperty().get())) {
        runtimes.choiceProperty().set(c);
      }
    });
    runtimes.choiceProperty().addListener((o, a, c) -> show(runtime, c));
    Label runtimeLabel = new Label("Runtime:");

    Button build = button("build", "Build the template (Ctrl+B)", "tb-build", window::build);
    build.setText("Build");
    build.getStyleClass().add("build-button");
    Button cancel = button("cancel", "Cancel the build (Esc)", "tb-cancel", window::cancel);
    cancel.setText("Cancel");
    BooleanBinding running = DocumentBindings.flag(vm, s -> s.builds().runningProperty());
    StringBinding blocked = DocumentBindings.text(vm, s -> s.problems().blockedReasonProperty());
    build.disableProperty().bind(none.or(running).or(blocked.isNotEmpty()));
    cancel.disableProperty().bind(running.not());
    Label reason = new Label();
    reason.setId("build-blocked-reason");
    reason.getStyleClass().add("blocked-reason");
    // A few words fit; the whole sentence is the tooltip.
    reason.textProperty().bind(DocumentBindings.text(vm, s -> s.problems().blockedShortProperty()));
    reason.setMinWidth(Region.USE_PREF_SIZE);
    reason.setTooltip(new Tooltip());
    reason.getTooltip().textProperty().bind(blocked);

    Region grow = new Region();
    HBox.setHgrow(grow, Priority.ALWAYS);
    right = new HBox(6, runtimeLabel, runtime, build, cancel);
    right.setAlignment(Pos.CENTER_RIGHT);
    bar = new ToolBar(newDoc, open, save, importer, new Separator(), undo, redo, grow, reason, right);
    bar.setId("toolbar");
  }

  ToolBar node() {
    return bar;
  }

  /** Puts {@code items} after Build and Cancel, behind a separator. */
  void addAfterBuild(javafx.scene.Node... items) {
    right.getChildren().add(new Separator(javafx.geometry.Orientation.VERTICAL));
    right.getChildren().addAll(items);
  }

  /**
   * Selects {@code c}; a remote or Docker runtime is listed just above the entry that asks for
   * one, in place of the one of its kind chosen before.
   */
  private void show(ComboBox<RuntimeChoice> box, RuntimeChoice c) {
    showingChoice = true;
    try {
      if (!box.getItems().contains(c)) {
        RuntimeChoice entry = c.kind() == RuntimeChoice.Kind.REMOTE ? REMOTE_ENTRY : DOCKER_ENTRY;
        // Removing the selected item moves the selection, perhaps onto an entry that asks.
        box.getItems().removeIf(x -> x.kind() == c.kind() && x != entry);
        box.getItems().add(box.getItems().indexOf(entry), c);
      }
      box.setValue(c);
    } finally {
      showingChoice = false;
    }
  }

  private static Button button(String icon, String tip, String id, Runnable action) {
    Button b = new Button();
    b.setGraphic(Icons.node(icon, 16));
    b.setTooltip(new Tooltip(tip));
    b.setId(id);
    b.setOnAction(e -> action.run());
    return b;
  }
}
