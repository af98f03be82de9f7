package dev.templatestudio.app.studio.runtimes;

import dev.templatestudio.app.doctor.MachineNeeds;
import dev.templatestudio.bridge.host.Need;
import java.util.List;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * Runtime &gt; Check This Machine: each thing the embedded runtime, the docker runtime and the
 * studio window need, whether it is there, and for what is not the command that fixes it (with
 * a button that copies it) — what {@code template-studio doctor} prints. Not modal: a fix can
 * be run in a terminal, then Check Again. FX thread.
 */
public final class MachineCheckDialog {
  private static final double WIDTH = 820;
  private static final ButtonType CHECK_AGAIN = new ButtonType("Check _Again", ButtonBar.ButtonData.LEFT);

  private MachineCheckDialog() {}

  /** Shows the dialog and starts a check. */
  public static void show(Window owner, MachineCheckViewModel vm) {
    Dialog<ButtonType> d = new Dialog<>();
    d.initOwner(owner);
    d.initModality(javafx.stage.Modality.NONE);
    d.setTitle("Check this machine");
    d.setHeaderText("What the runtimes and the studio window need here");
    if (owner != null && owner.getScene() != null) {
      d.getDialogPane().getStylesheets().setAll(owner.getScene().getStylesheets());
    }
    GridPane rows = new GridPane();
    rows.setId("machine-check");
    rows.setHgap(10);
    rows.setVgap(4);
    ColumnConstraints button = new ColumnConstraints();
    button.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    rows.getColumnConstraints().addAll(new ColumnConstraints(72), new ColumnConstraints(200), grow(), button);
    Label summary = new Label();
    summary.setId("machine-check-summary");
    summary.setWrapText(true);
    summary.setMaxWidth(WIDTH);
    summary.textProperty().bind(vm.summaryProperty());
    ScrollPane scroll = new ScrollPane(rows);
    scroll.setFitToWidth(true);
    scroll.setPrefViewportWidth(WIDTH);
    scroll.setPrefViewportHeight(330);
    d.getDialogPane().setContent(new VBox(10, scroll, summary));
    fill(rows, vm.groupsProperty().get());
    javafx.beans.value.ChangeListener<List<MachineNeeds.Group>> refill = (o, a, groups) -> fill(rows, groups);
    vm.groupsProperty().addListener(refill);
    // The view-model outlives the dialog: a closed one stops listening.
    d.setOnHidden(e -> vm.groupsProperty().removeListener(refill));
    d.getDialogPane().getButtonTypes().addAll(CHECK_AGAIN, ButtonType.CLOSE);
    Button again = (Button) d.getDialogPane().lookupButton(CHECK_AGAIN);
    again.setId("machine-check-again");
    again.disableProperty().bind(vm.checkingProperty());
    // Check Again checks; it does not close the dialog.
    again.addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
      e.consume();
      vm.check();
    });
    d.show();
    vm.check();
  }

  private static void fill(GridPane rows, List<MachineNeeds.Group> groups) {
    rows.getChildren().clear();
    int r = 0;
    for (MachineNeeds.Group g : groups) {
      Label title = new Label(g.title());
      title.setStyle("-fx-font-weight: bold;");
      rows.add(title, 0, r++, 4, 1);
      for (Need n : g.needs()) {
        Label state = new Label(switch (n.state()) {
          case OK -> "\u2714 ok";
          case MISSING -> "\u2716 missing";
          case OFF -> "\u25CB off";
        });
        state.setStyle("-fx-text-fill: " + switch (n.state()) {
          case OK -> "#2e7d32";
          case MISSING -> "#c62828";
          case OFF -> "#9a6700";
        } + ";");
        Label subject = new Label(n.subject());
        subject.setWrapText(true);
        Label detail = new Label(n.state() == Need.State.OK ? n.detail() : n.sentence());
        detail.setId("machine-check-" + r);
        detail.setWrapText(true);
        detail.setMaxWidth(Double.MAX_VALUE);
        rows.addRow(r, state, subject, detail);
        if (n.fix() != null && n.state() != Need.State.OK) {
          rows.add(copy(n.fix()), 3, r);
        }
        r++;
      }
    }
  }

  private static Button copy(String fix) {
    Button b = new Button("Copy Fix");
    b.setTooltip(new Tooltip(fix));
    b.setOnAction(e -> {
      ClipboardContent c = new ClipboardContent();
      c.putString(fix);
      Clipboard.getSystemClipboard().setContent(c);
    });
    return b;
  }

  private static ColumnConstraints grow() {
    ColumnConstraints c = new ColumnConstraints();
    c.setHgrow(Priority.ALWAYS);
    return c;
  }
}
