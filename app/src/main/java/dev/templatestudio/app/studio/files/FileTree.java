package dev.templatestudio.app.studio.files;

import dev.templatestudio.bridge.changes.FileChange;
import dev.templatestudio.bridge.changes.StepChanges;
import java.util.HashMap;
import java.util.Map;
import javafx.scene.control.TreeItem;

/**
 * The rows of the Files tab: the changes as a folder tree (folders that only hold changes sum
 * their sizes), or flat, biggest first. FX thread (tree items).
 */
final class FileTree {
  /**
   * One row.
   *
   * @param name   the last part of the path (in the flat list, the whole path)
   * @param change the change at this path; null for a folder that only holds changes
   * @param size   the change's size, or the sum below a folder
   * @param delta  how much the image grew by it (or below a folder)
   */
  record Row(String name, String path, FileChange change, long size, long delta) {
    /** The name, as the row shows it (and as a screen reader or a test reads the cell). */
    @Override
    public String toString() {
      return name;
    }
  }

  private FileTree() {}

  /** The changes as a tree under an unshown root, every folder expanded. */
  static TreeItem<Row> tree(StepChanges c) {
    TreeItem<Row> root = new TreeItem<>(new Row("/", "/", null, 0, 0));
    Map<String, TreeItem<Row>> folders = new HashMap<>();
    folders.put("", root);
    for (FileChange f : c.changes()) {
      String path = f.path().substring(1);
      TreeItem<Row> parent = folder(folders, path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "");
      TreeItem<Row> item = folders.get(path);
      Row row = new Row(name(path), f.path(), f, f.size(), f.delta());
      if (item == null) {
        item = new TreeItem<>(row);
        parent.getChildren().add(item);
        if (f.type() == FileChange.Type.DIR) {
          item.setExpanded(true);
          folders.put(path, item);
        }
      } else {
        item.setValue(row);
      }
    }
    sum(root);
    root.setExpanded(true);
    return root;
  }

  /** The changes in one level under an unshown root, the biggest first. */
  static TreeItem<Row> biggestFirst(StepChanges c) {
    TreeItem<Row> root = new TreeItem<>(new Row("/", "/", null, 0, 0));
    for (FileChange f : c.biggestFirst()) {
      root.getChildren().add(new TreeItem<>(new Row(f.path(), f.path(), f, f.size(), f.delta())));
    }
    root.setExpanded(true);
    return root;
  }

  /** The folder item of {@code path} ("" the root), made with its parents when missing. */
  private static TreeItem<Row> folder(Map<String, TreeItem<Row>> folders, String path) {
    TreeItem<Row> known = folders.get(path);
    if (known != null) {
      return known;
    }
    TreeItem<Row> parent = folder(folders, path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "");
    TreeItem<Row> item = new TreeItem<>(new Row(name(path), "/" + path, null, 0, 0));
    item.setExpanded(true);
    parent.getChildren().add(item);
    folders.put(path, item);
    return item;
  }

  /**
   * Gives each folder the sums of what it holds. A folder that is a change of its own keeps its
   * size (a removed folder's is what it held), plus what changed inside it.
   */
  private static long[] sum(TreeItem<Row> item) {
    long size = 0;
    long delta = 0;
    for (TreeItem<Row> child : item.getChildren()) {
      long[] s = sum(child);
      size += s[0];
      delta += s[1];
    }
    Row r = item.getValue();
    if (!item.getChildren().isEmpty()) {
      item.setValue(new Row(r.name(), r.path(), r.change(), r.size() + size, r.delta() + delta));
      return new long[] {r.size() + size, r.delta() + delta};
    }
    return new long[] {r.size(), r.delta()};
  }

  private static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
