package dev.templatestudio.app.studio.history;

import dev.templatestudio.bridge.build.BuildEvent;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The builds of this document, newest first; clicking one shows its log again. FX thread. */
public final class HistoryView {
  private final VBox root;

  public HistoryView(HistoryViewModel vm) {
    ListView<BuildRecord> list = new ListView<>(vm.records());
    list.setId("build-history");
    list.setPlaceholder(new Label("No builds yet: press Build (Ctrl+B)"));
    list.setCellFactory(v -> new ListCell<>() {
      @Override
      protected void updateItem(BuildRecord r, boolean empty) {
        super.updateItem(r, empty);
        setText(empty || r == null ? null : r.describe());
        setGraphic(empty || r == null ? null : badge(r.status()));
        setTooltip(empty || r == null || r.end().ref() == null ? null
            : new Tooltip(r.end().ref() + "\nClick to show this build's log"));
      }
    });
    list.setOnMouseClicked(e -> {
      if (list.getSelectionModel().getSelectedItem() != null) {
        vm.show(list.getSelectionModel().getSelectedItem());
      }
    });
    Button live = new Button("Show the live log");
    live.setTooltip(new Tooltip("Back to the log of the current build"));
    live.disableProperty().bind(vm.shownProperty().isNull());
    live.setOnAction(e -> {
      list.getSelectionModel().clearSelection();
      vm.showLive();
    });
    HBox bar = new HBox(live);
    bar.setPadding(new Insets(3, 6, 3, 6));
    bar.getStyleClass().add("pane-bar");
    VBox.setVgrow(list, Priority.ALWAYS);
    root = new VBox(bar, list);
  }

  /** The outcome at a glance, coloured as the step badges are. */
  private static Label badge(String status) {
    String kind = BuildEvent.STATUS_READY.equals(status) ? "done"
        : BuildEvent.STATUS_CANCELLED.equals(status) ? "cancelled" : "failed";
    Label l = new Label(BuildEvent.STATUS_ERROR.equals(status) ? "failed" : status);
    l.getStyleClass().addAll("badge", "badge-" + kind);
    l.setMinWidth(Label.USE_PREF_SIZE);
    return l;
  }

  public VBox node() {
    return root;
  }
}
