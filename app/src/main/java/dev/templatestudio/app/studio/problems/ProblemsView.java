package dev.templatestudio.app.studio.problems;

import dev.templatestudio.app.studio.common.Icons;
import java.util.function.Consumer;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;

/**
 * The problems list: import diagnostics and validation problems with their place; clicking
 * one (or Enter) goes to its card or line. FX thread.
 */
public final class ProblemsView {
  private final ListView<ProblemItem> list = new ListView<>();

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
  }

  public ListView<ProblemItem> node() {
    return list;
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
        getStyleClass().removeAll("problem-error", "problem-warning");
        return;
      }
      setText(item.text());
      setGraphic(Icons.node(item.error() ? "problem-error" : "problem-warning", 14));
      getStyleClass().removeAll("problem-error", "problem-warning");
      getStyleClass().add(item.error() ? "problem-error" : "problem-warning");
    }
  }
}
