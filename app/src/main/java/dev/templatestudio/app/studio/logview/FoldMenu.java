package dev.templatestudio.app.studio.logview;

import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.ContextMenuEvent;

/**
 * The build log's context menu: collapse or expand the step under the pointer, and collapse
 * or expand all. Asked for with the pointer, it first puts the caret where it points, so the
 * menu is about the line clicked. FX thread.
 */
public final class FoldMenu {
  private final ContextMenu menu = new ContextMenu();

  public FoldMenu(LogView log, LogFeed feed) {
    MenuItem one = new MenuItem();
    one.setId("log-fold-step");
    MenuItem collapseAll = new MenuItem("Collapse all");
    collapseAll.setId("log-collapse-all");
    collapseAll.setOnAction(e -> feed.foldAll(true));
    MenuItem expandAll = new MenuItem("Expand all");
    expandAll.setId("log-expand-all");
    expandAll.setOnAction(e -> feed.foldAll(false));
    menu.getItems().addAll(one, new SeparatorMenuItem(), collapseAll, expandAll);
    log.area().addEventFilter(ContextMenuEvent.CONTEXT_MENU_REQUESTED, e -> {
      if (!e.isKeyboardTrigger()) {
        log.area().moveTo(log.area().hit(e.getX(), e.getY()).getInsertionIndex());
      }
    });
    menu.setOnShowing(e -> {
      int step = log.stepAt(log.area().getCurrentParagraph());
      one.setVisible(step >= 0);
      boolean folded = step >= 0 && feed.lensProperty().get().folds(step);
      one.setText((folded ? "Expand step " : "Collapse step ") + step + "\tEnter");
      one.setOnAction(a -> feed.toggleFold(step));
    });
  }

  public ContextMenu menu() {
    return menu;
  }
}
