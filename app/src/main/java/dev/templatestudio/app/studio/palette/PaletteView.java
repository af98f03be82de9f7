package dev.templatestudio.app.studio.palette;

import dev.templatestudio.app.studio.common.DataFormats;
import dev.templatestudio.app.studio.common.Icons;
import dev.templatestudio.app.studio.common.KeyHelp;
import dev.templatestudio.app.studio.document.StepKind;
import java.util.List;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The palette of step kinds: drag one onto the pipeline, or double-click / press Enter to
 * append it after the selection. FX thread.
 */
public final class PaletteView {
  /** The keys the palette handles itself, for the shortcuts list. */
  public static final List<KeyHelp> KEYS = List.of(new KeyHelp("Enter", "Add the step chosen in the palette"));

  private final ListView<StepKind> list = new ListView<>();
  private final VBox root;

  /** @param onAppend adds a kind to the document in front */
  public PaletteView(Consumer<StepKind> onAppend) {
    list.getItems().setAll(StepKind.values());
    list.setId("palette");
    list.setCellFactory(v -> new KindCell());
    list.setOnKeyPressed(e -> {
      if (e.getCode() == KeyCode.ENTER && list.getSelectionModel().getSelectedItem() != null) {
        onAppend.accept(list.getSelectionModel().getSelectedItem());
        e.consume();
      }
    });
    list.setOnMouseClicked(e -> {
      if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2
          && list.getSelectionModel().getSelectedItem() != null) {
        onAppend.accept(list.getSelectionModel().getSelectedItem());
      }
    });
    Label title = new Label("STEPS");
    title.getStyleClass().add("pane-title");
    Label hint = new Label("Drag onto the pipeline,\nor double-click to add");
    hint.getStyleClass().add("hint");
    hint.setWrapText(true);
    VBox.setVgrow(list, Priority.ALWAYS);
    root = new VBox(4, title, list, hint);
    root.setPadding(new Insets(6));
    root.getStyleClass().add("palette");
    root.setMinWidth(150);
    root.setPrefWidth(180);
  }

  public VBox node() {
    return root;
  }

  /** One palette entry: icon and name; the description as tooltip; drags its kind. */
  static final class KindCell extends ListCell<StepKind> {
    KindCell() {
      setOnDragDetected(e -> {
        if (getItem() == null) {
          return;
        }
        Dragboard db = startDragAndDrop(TransferMode.COPY);
        ClipboardContent content = new ClipboardContent();
        content.put(DataFormats.STEP_KIND, getItem().name());
        db.setContent(content);
        e.consume();
      });
    }

    @Override
    protected void updateItem(StepKind kind, boolean empty) {
      super.updateItem(kind, empty);
      if (empty || kind == null) {
        setText(null);
        setGraphic(null);
        setTooltip(null);
        setId(null);
        return;
      }
      setText(kind.label());
      setGraphic(Icons.node(kind.icon(), 16));
      setTooltip(new Tooltip(kind.description()));
      setId("palette-" + kind.name().toLowerCase());
    }
  }
}
