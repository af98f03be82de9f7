package dev.templatestudio.app.studio.inspector;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * A key/value table of environment variables: one row of two fields per variable, a remove
 * button per row and an add button. Rows with an empty name are kept on screen but are not
 * part of the value until named. FX thread.
 */
final class EnvTable extends VBox {
  private final VBox rows = new VBox(3);
  private final Consumer<Map<String, String>> onChange;
  private boolean updating;

  EnvTable(String id, Consumer<Map<String, String>> onChange) {
    super(4);
    this.onChange = onChange;
    setId(id);
    getStyleClass().add("env-table");
    Button add = new Button("+ Add variable");
    add.setId(id + "-add");
    add.setTooltip(new Tooltip("Add a variable"));
    add.setOnAction(e -> addRow("", "").getChildren().get(0).requestFocus());
    getChildren().addAll(rows, add);
  }

  /** The variables the rows hold now. */
  Map<String, String> value() {
    Map<String, String> out = new LinkedHashMap<>();
    for (var n : rows.getChildren()) {
      HBox row = (HBox) n;
      String key = ((TextField) row.getChildren().get(0)).getText().strip();
      if (!key.isEmpty()) {
        out.put(key, ((TextField) row.getChildren().get(2)).getText());
      }
    }
    return out;
  }

  /** Shows {@code vars}, unless the rows already mean exactly that (so typing is not disturbed). */
  void setValue(Map<String, String> vars) {
    if (value().equals(vars)) {
      return;
    }
    updating = true;
    try {
      rows.getChildren().clear();
      vars.forEach(this::addRow);
    } finally {
      updating = false;
    }
  }

  private HBox addRow(String key, String value) {
    TextField k = new TextField(key);
    k.setPromptText("NAME");
    k.setPrefColumnCount(10);
    TextField v = new TextField(value);
    v.setPromptText("value");
    HBox.setHgrow(v, Priority.ALWAYS);
    Button remove = new Button("\u00D7");
    remove.setTooltip(new Tooltip("Remove this variable"));
    javafx.scene.control.Label eq = new javafx.scene.control.Label("=");
    HBox row = new HBox(4, k, eq, v, remove);
    row.setAlignment(Pos.CENTER_LEFT);
    k.textProperty().addListener((o, a, b) -> changed());
    v.textProperty().addListener((o, a, b) -> changed());
    remove.setOnAction(e -> {
      rows.getChildren().remove(row);
      changed();
    });
    rows.getChildren().add(row);
    return row;
  }

  /** The first name field that is not a valid variable name, else the first; null without rows. */
  TextField firstInvalidKey() {
    TextField first = null;
    for (var n : rows.getChildren()) {
      TextField k = (TextField) ((HBox) n).getChildren().get(0);
      if (!k.getText().strip().matches("[A-Za-z_][A-Za-z0-9_]*")) {
        return k;
      }
      first = first == null ? k : first;
    }
    return first;
  }

  private void changed() {
    if (!updating) {
      onChange.accept(value());
    }
  }
}
