package dev.templatestudio.app.studio.problems;

import dev.templatestudio.app.studio.common.Icons;
import java.util.function.Consumer;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The problems list: import diagnostics and validation problems with their place; clicking
 * one (or Enter) goes to its card or line. While the import's errors block the build, a bar
 * above the list says so and lets the user build what was imported anyway. FX thread.
 */
public final class ProblemsView {
  private final ListView<ProblemItem> list = new ListView<>();
  private final VBox root;

  /** @param onOpen shows where a problem is */
  public ProblemsView(ProblemsViewModel vm, Consumer<ProblemItem> onOpen) {
    list.setId("problems");
    list.setItems(vm.items());
    list.setPlaceholder(new Label("No problems"));
    list.setCellFactory(v -> new ProblemCell());
    list.setOnMouseClicked(e -> open(onOpen));
    list.setOnKeyPressed(e -> {
      if (e.getCode() == KeyCode.ENTER) {
        open(onOpen);
      }
    });
    Label note = new Label();
    note.textProperty().bind(vm.blockedReasonProperty());
    note.setWrapText(true);
    note.setMaxWidth(Double.MAX_VALUE);
    HBox.setHgrow(note, Priority.ALWAYS);
    Button dismiss = new Button("Build anyway");
    dismiss.setId("problems-dismiss-import");
    dismiss.setOnAction(e -> vm.dismissImportErrors());
    HBox bar = new HBox(8, note, dismiss);
    bar.getStyleClass().add("pane-bar");
    bar.visibleProperty().bind(vm.importBlocksProperty());
    bar.managedProperty().bind(bar.visibleProperty());
    VBox.setVgrow(list, Priority.ALWAYS);
    root = new VBox(bar, list);
  }

  public VBox node() {
    return root;
  }

  private void open(Consumer<ProblemItem> onOpen) {
    ProblemItem item = list.getSelectionModel().getSelectedItem();
    if (item != null) {
      onOpen.accept(item);
    }
  }

  /** A problem with its severity icon. */
  static final class ProblemCell extends ListCell<ProblemItem> {
    @Override
    protected void updateItem(ProblemItem item, boolean empty) {
      super.updateItem(item, empty);
      if (empty || item == null) {
        setText(null);
        setGraphic(null);
        setTooltip(null);
        getStyleClass().removeAll("problem-error", "problem-warning");
        return;
      }
      setText(item.text());
      // A long message is cut at the list's edge: the whole of it on hover.
      Tooltip whole = new Tooltip(item.text());
      whole.setWrapText(true);
      whole.setMaxWidth(600);
      setTooltip(whole);
      setGraphic(Icons.node(item.error() ? "problem-error" : "problem-warning", 14));
      getStyleClass().removeAll("problem-error", "problem-warning");
      getStyleClass().add(item.error() ? "problem-error" : "problem-warning");
    }
  }
}
