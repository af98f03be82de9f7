package dev.templatestudio.app.studio.workspace;

import dev.templatestudio.app.studio.common.KeyHelp;
import dev.templatestudio.app.studio.logview.FindBar;
import dev.templatestudio.app.studio.logview.LogView;
import dev.templatestudio.app.studio.palette.PaletteView;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.Alert;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.stage.Window;

/**
 * Help > Keyboard Shortcuts: a table made from the key bindings themselves, the menus'
 * accelerators and the keys views handle on their own (their {@code KEYS}), so it cannot
 * drift from what the keys do. FX thread.
 */
final class ShortcutsTable {
  private ShortcutsTable() {}

  /** Every binding: the menus' in menu order, then the views' own. */
  static List<KeyHelp> rows(MenuBar bar) {
    List<KeyHelp> rows = new ArrayList<>();
    for (Menu m : bar.getMenus()) {
      collect(m, m.getText(), rows);
    }
    rows.add(new KeyHelp("Ctrl+Y", "Edit > Redo, as on other systems"));
    rows.addAll(PaletteView.KEYS);
    rows.addAll(LogView.KEYS);
    rows.addAll(FindBar.KEYS);
    return rows;
  }

  private static void collect(Menu menu, String path, List<KeyHelp> rows) {
    for (MenuItem i : menu.getItems()) {
      if (i instanceof Menu sub) {
        collect(sub, path + " > " + sub.getText(), rows);
      } else if (i.getAccelerator() != null) {
        rows.add(new KeyHelp(keys(i.getAccelerator()), path + " > " + i.getText()));
      }
    }
  }

  /** Such as "Ctrl+Shift+S": the order people write, whichever the platform's display text uses. */
  static String keys(KeyCombination k) {
    StringBuilder b = new StringBuilder();
    if (k.getShortcut() == KeyCombination.ModifierValue.DOWN || k.getControl() == KeyCombination.ModifierValue.DOWN) {
      b.append("Ctrl+");
    }
    if (k.getAlt() == KeyCombination.ModifierValue.DOWN) {
      b.append("Alt+");
    }
    if (k.getShift() == KeyCombination.ModifierValue.DOWN) {
      b.append("Shift+");
    }
    return b + (k instanceof KeyCodeCombination c ? c.getCode().getName() : k.getDisplayText());
  }

  static void show(Window owner, List<KeyHelp> rows) {
    TableView<KeyHelp> table = new TableView<>();
    table.setId("shortcuts-table");
    table.getItems().setAll(rows);
    table.getColumns().add(column("Keys", true, 150));
    table.getColumns().add(column("Does", false, 380));
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    table.setPrefSize(560, 420);
    Alert a = new Alert(Alert.AlertType.INFORMATION);
    a.initOwner(owner);
    a.setTitle("Keyboard shortcuts");
    a.setHeaderText("Keyboard shortcuts");
    a.getDialogPane().setContent(table);
    a.setResizable(true);
    a.show();
  }

  private static TableColumn<KeyHelp, String> column(String title, boolean keys, double width) {
    TableColumn<KeyHelp, String> c = new TableColumn<>(title);
    c.setCellValueFactory(d -> new ReadOnlyStringWrapper(keys ? d.getValue().keys() : d.getValue().action()));
    c.setPrefWidth(width);
    c.setSortable(false);
    return c;
  }
}
