package dev.templatestudio.app.studio.workspace;

import dev.templatestudio.bridge.text.Plural;
import dev.templatestudio.app.studio.runtimes.RuntimeViewModel;
import java.nio.file.Path;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The status bar, about the document in front: its build's progress while building, else
 * what just happened to it (opened, imported, saved), else its last build's result, else its
 * own state; the runtime and store on the right. FX thread.
 */
final class StatusBar {
  private final HBox root;

  StatusBar(WorkspaceViewModel vm, RuntimeViewModel runtimes) {
    StringBinding progress = DocumentBindings.text(vm, s -> s.builds().progressTextProperty());
    StringBinding summary = DocumentBindings.text(vm, s -> s.builds().summaryProperty());
    StringBinding title = DocumentBindings.text(vm, s -> s.document().titleProperty());
    BooleanBinding building = DocumentBindings.flag(vm, s -> s.builds().runningProperty());
    BooleanBinding dirty = DocumentBindings.flag(vm, s -> s.document().dirtyProperty());
    ObjectProperty<Path> file = DocumentBindings.current(vm, s -> s.document().pathProperty());
    StringBinding problems = DocumentBindings.text(vm, s -> s.problems().errorCountProperty().asString());
    Label left = new Label();
    left.setId("status-text");
    left.textProperty().bind(Bindings.createStringBinding(
        () -> oneLine(text(building.get(), progress.get(), vm.statusProperty().get(), summary.get(),
            documentState(vm.current() == null ? null : title.get(), dirty.get(), file.get() != null))),
        building, progress, vm.statusProperty(), summary, title, dirty, file, vm.currentProperty()));
    left.setMinWidth(0);
    // One line however long the message: the layout must not move when a build fails.
    left.setTextOverrun(OverrunStyle.ELLIPSIS);
    left.setWrapText(false);
    Tooltip whole = new Tooltip();
    whole.textProperty().bind(left.textProperty());
    whole.setWrapText(true);
    whole.setMaxWidth(600);
    left.setTooltip(whole);
    Label errors = new Label();
    errors.setId("status-errors");
    errors.textProperty().bind(Bindings.createStringBinding(() -> problems.get().isEmpty()
        || problems.get().equals("0") ? "" : Plural.of(Long.parseLong(problems.get()), "error"), problems));
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

  /**
   * The status line: the build's progress while building; else the latest message about the
   * document in front (cleared when another document comes to the front or a build starts or
   * ends); else the last build's result; else the document's state.
   */
  static String text(boolean building, String progress, String message, String buildResult, String documentState) {
    if (building) {
      return "Building" + (progress.isEmpty() ? "\u2026" : " \u00B7 " + progress);
    }
    if (!message.isEmpty()) {
      return message;
    }
    if (!buildResult.isEmpty()) {
      return buildResult;
    }
    return documentState;
  }

  /** {@code text} on one line: its line breaks become spaces. */
  static String oneLine(String text) {
    return text.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  /** Such as "api.template.json · unsaved changes"; "Ready" with no document. */
  static String documentState(String title, boolean dirty, boolean hasFile) {
    if (title == null || title.isEmpty()) {
      return "Ready";
    }
    String name = title.endsWith(" \u25CF") ? title.substring(0, title.length() - 2) : title;
    if (dirty) {
      return name + " \u00B7 unsaved changes";
    }
    return name + (hasFile ? " \u00B7 saved" : " \u00B7 not saved to a file yet");
  }
}
