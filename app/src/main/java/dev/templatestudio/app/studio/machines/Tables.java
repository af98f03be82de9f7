package dev.templatestudio.app.studio.machines;

import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.Button;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;

/** Columns of the Machines and Pools tables: text from a row's property, and a button per row. FX thread. */
final class Tables {
  private Tables() {}

  static <R> TableColumn<R, String> text(String title, double width, Function<R, ObservableValue<String>> value) {
    TableColumn<R, String> c = new TableColumn<>(title);
    c.setCellValueFactory(f -> value.apply(f.getValue()));
    c.setPrefWidth(width);
    // Beside a row's button (taller than text) the text stays on the row's middle line.
    c.setStyle("-fx-alignment: CENTER-LEFT;");
    return c;
  }

  static <R> TableColumn<R, Number> number(String title, double width, Function<R, ObservableValue<Number>> value) {
    TableColumn<R, Number> c = new TableColumn<>(title);
    c.setCellValueFactory(f -> value.apply(f.getValue()));
    c.setPrefWidth(width);
    c.setStyle("-fx-alignment: CENTER-RIGHT;");
    return c;
  }

  /** Keeps {@code c} at its preferred width when the table shares out its width. */
  static <R, T> TableColumn<R, T> fixed(TableColumn<R, T> c) {
    c.setMinWidth(c.getPrefWidth());
    c.setMaxWidth(c.getPrefWidth());
    c.setResizable(false);
    return c;
  }

  /** Text cells whose whole text is their tooltip, for values cut short (refs, errors). */
  static <R> TableColumn<R, String> withTooltip(TableColumn<R, String> c) {
    c.setCellFactory(col -> new TableCell<>() {
      @Override
      protected void updateItem(String item, boolean empty) {
        super.updateItem(item, empty);
        setText(empty ? null : item);
        setTooltip(empty || item == null || item.isEmpty() ? null : new Tooltip(item));
      }
    });
    return c;
  }

  /** A column with one button per row, labelled {@code label}, that does {@code action} to its row. */
  static <R> TableColumn<R, R> button(String label, String styleClass, String tip, Consumer<R> action) {
    TableColumn<R, R> c = new TableColumn<>("");
    c.setCellValueFactory(f -> new javafx.beans.property.SimpleObjectProperty<>(f.getValue()));
    c.setSortable(false);
    c.setCellFactory(col -> new ButtonCell<>(label, styleClass, tip, action));
    c.setPrefWidth(70);
    c.setMinWidth(70);
    return c;
  }

  private static final class ButtonCell<R> extends TableCell<R, R> {
    private final Button button;

    ButtonCell(String label, String styleClass, String tip, Consumer<R> action) {
      button = new Button(label);
      button.getStyleClass().add(styleClass);
      button.setTooltip(new Tooltip(tip));
      button.setMinWidth(Region.USE_PREF_SIZE);
      button.setOnAction(e -> {
        if (getItem() != null) {
          action.accept(getItem());
        }
      });
    }

    @Override
    protected void updateItem(R item, boolean empty) {
      super.updateItem(item, empty);
      setGraphic(empty || item == null ? null : button);
    }
  }
}
