package dev.templatestudio.app.studio.runtimes;

import dev.templatestudio.bridge.embedded.prune.PruneReport;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.event.ActionEvent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * Runtime > Prune Store…: what a prune would free, worked out in the background and shown
 * before anything goes; "Templates too" adds the templates (least recently used first, as
 * {@code prune --all}). Prune keeps the dialog open and says what it freed, or that a build
 * is using the store. FX thread.
 */
public final class PruneDialog {
  private static final double WIDTH = 460;
  static final ButtonType PRUNE = new ButtonType("Prune", ButtonBar.ButtonData.OK_DONE);

  private PruneDialog() {}

  /** Shows the dialog over {@code owner} and returns when it is closed. */
  public static void show(Window owner, StoreViewModel vm) {
    Dialog<ButtonType> d = new Dialog<>();
    d.initOwner(owner);
    d.setTitle("Prune the store");
    d.setHeaderText("Free disk in the store of the embedded runtime");
    if (owner != null && owner.getScene() != null) {
      d.getDialogPane().getStylesheets().setAll(owner.getScene().getStylesheets());
    }
    Label where = wrapped(new Label(vm.store().toString()));
    where.setOpacity(0.75);
    Label plan = wrapped(new Label());
    plan.setId("prune-plan");
    plan.textProperty().bind(Bindings.createStringBinding(() -> describe(vm.planProperty().get()), vm.planProperty()));
    CheckBox all = new CheckBox("_Templates too, least recently used first, with their layers");
    all.setId("prune-all");
    all.selectedProperty().bindBidirectional(vm.allProperty());
    Label outcome = wrapped(new Label());
    outcome.setId("prune-outcome");
    outcome.textProperty().bind(vm.outcomeProperty());
    Label keep = wrapped(new Label("Build cache goes least recently used first; a template and what it uses "
        + "stay unless Templates too is on. Builds still running keep what they use: prune after them."));
    keep.setOpacity(0.75);
    VBox content = new VBox(8, where, plan, all, keep, outcome);
    d.getDialogPane().setContent(content);
    d.getDialogPane().getButtonTypes().addAll(PRUNE, ButtonType.CLOSE);
    Button prune = (Button) d.getDialogPane().lookupButton(PRUNE);
    prune.setId("prune-go");
    prune.disableProperty().bind(vm.workingProperty().or(Bindings.createBooleanBinding(
        () -> vm.planProperty().get() == null || vm.planProperty().get().isEmpty(), vm.planProperty())));
    // Pruning keeps the dialog open to say what it freed.
    prune.addEventFilter(ActionEvent.ACTION, e -> {
      e.consume();
      vm.prune();
    });
    // The plan and the outcome arrive after the dialog is shown: it grows to show them whole.
    Runnable fit = () -> Platform.runLater(() -> {
      Window w = d.getDialogPane().getScene() == null ? null : d.getDialogPane().getScene().getWindow();
      if (w != null) {
        w.sizeToScene();
      }
    });
    plan.textProperty().addListener((o, a, b) -> fit.run());
    outcome.textProperty().addListener((o, a, b) -> fit.run());
    vm.planPrune();
    d.showAndWait();
  }

  /** What the plan frees, one line per kind; "Working out…" before it is known. */
  static String describe(PruneReport plan) {
    if (plan == null) {
      return "Working out what can go\u2026";
    }
    if (plan.isEmpty()) {
      return "Nothing to prune: the store takes " + PruneReport.size(plan.beforeBytes()) + ".";
    }
    StringBuilder text = new StringBuilder("Prune frees " + PruneReport.size(plan.freedBytes()) + " of the "
        + PruneReport.size(plan.beforeBytes()) + " the store takes:");
    for (PruneReport.Line line : plan.lines()) {
      text.append("\n\u2022 ").append(line.counted()).append(" (").append(PruneReport.size(line.bytes())).append(')');
      if (line.what().equals("templates")) {
        text.append(": ").append(String.join(", ", plan.templates()));
      }
    }
    return text.toString();
  }

  private static Label wrapped(Label l) {
    l.setWrapText(true);
    l.setMaxWidth(WIDTH);
    return l;
  }
}
