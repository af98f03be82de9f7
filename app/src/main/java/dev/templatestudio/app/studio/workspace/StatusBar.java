package dev.templatestudio.app.studio.workspace;

import dev.templatestudio.app.studio.runtimes.RuntimeViewModel;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** The status bar: build progress or the last thing that happened; the runtime and store. FX thread. */
final class StatusBar {
  private final HBox root;

  StatusBar(WorkspaceViewModel vm, RuntimeViewModel runtimes) {
    StringBinding progress = DocumentBindings.text(vm, s -> s.builds().progressTextProperty());
    StringBinding problems = DocumentBindings.text(vm, s -> s.problems().errorCountProperty().asString());
    Label left = new Label();
    left.setId("status-text");
    left.textProperty().bind(Bindings.createStringBinding(
        () -> progress.get().isEmpty() ? vm.statusProperty().get() : "Building \u00B7 " + progress.get(),
        progress, vm.statusProperty()));
    left.setMinWidth(0);
    Label errors = new Label();
    errors.setId("status-errors");
    errors.textProperty().bind(Bindings.createStringBinding(
        () -> problems.get().isEmpty() || problems.get().equals("0") ? "" : problems.get() + " error(s)", problems));
    errors.getStyleClass().add("status-errors");
    Label right = new Label();
    right.setId("status-runtime");
    right.textProperty().bind(Bindings.createStringBinding(
        () -> runtimes.choiceProperty().get().label().toLowerCase() + " \u00B7 " + runtimes.store(),
        runtimes.choiceProperty()));
    Region grow = new Region();
    HBox.setHgrow(grow, Priority.ALWAYS);
    root = new HBox(12, left, grow, errors, right);
    root.setAlignment(Pos.CENTER_LEFT);
    root.setPadding(new Insets(3, 8, 3, 8));
    root.getStyleClass().add("status-bar");
  }

  HBox node() {
    return root;
  }
}
