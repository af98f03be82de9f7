package dev.templatestudio.app.studio.gui;

import com.sun.javafx.scene.input.DragboardHelper;
import com.sun.javafx.tk.TKClipboard;
import java.io.File;
import java.nio.file.Path;
import java.security.AccessControlContext;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.List;
import javafx.event.Event;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.image.Image;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DataFormat;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.util.Pair;

/**
 * Simulates files dragged in from another application and dropped on a node: the events the
 * platform would deliver (DRAG_OVER, then DRAG_DROPPED without a gesture source), with a
 * dragboard holding the files. A robot cannot drag from outside the JavaFX scene. FX thread.
 */
final class FileDrops {
  private FileDrops() {}

  /** Drops {@code files} on the middle of {@code target}; returns whether the drop completed. */
  static boolean drop(Node target, List<Path> files) {
    Dragboard board = board(files);
    Bounds b = target.localToScene(target.getBoundsInLocal());
    double x = b.getCenterX();
    double y = b.getCenterY();
    DragEvent over = new DragEvent(target, target, DragEvent.DRAG_OVER, board, x, y, x, y,
        TransferMode.COPY, null, null, null);
    Event.fireEvent(target, over);
    DragEvent dropped = new DragEvent(target, target, DragEvent.DRAG_DROPPED, board, x, y, x, y,
        TransferMode.COPY, null, null, null);
    Event.fireEvent(target, dropped);
    return dropped.isDropCompleted();
  }

  /**
   * Moves files dragged in from another application over {@code target} without dropping them
   * (one DRAG_OVER); returns whether something under the pointer accepted them.
   */
  static boolean hover(Node target, List<Path> files) {
    Dragboard board = board(files);
    Bounds b = target.localToScene(target.getBoundsInLocal());
    DragEvent over = new DragEvent(target, target, DragEvent.DRAG_OVER, board, b.getCenterX(), b.getCenterY(),
        b.getCenterX(), b.getCenterY(), TransferMode.COPY, null, null, null);
    Event.fireEvent(target, over);
    return over.isAccepted();
  }

  /** The pointer, still dragging files, leaves {@code node} (the window's root: it left the window). */
  static void leave(Node node, List<Path> files) {
    Event.fireEvent(node, new DragEvent(node, node, DragEvent.DRAG_EXITED, board(files), 0, 0, 0, 0,
        TransferMode.COPY, null, null, null));
  }

  private static Dragboard board(List<Path> files) {
    Dragboard board = DragboardHelper.createDragboard(new ExternalDrag());
    ClipboardContent content = new ClipboardContent();
    content.putFiles(files.stream().map(Path::toFile).map(File::getAbsoluteFile).toList());
    board.setContent(content);
    return board;
  }

  /** The dragboard peer of a drag from outside: holds content and offers COPY. */
  private static final class ExternalDrag implements TKClipboard {
    private final Map<DataFormat, Object> values = new HashMap<>();

    @Override
    public void setSecurityContext(AccessControlContext context) {
      // Test drags carry no security context.
    }

    @Override
    public Set<DataFormat> getContentTypes() {
      return values.keySet();
    }

    @Override
    @SafeVarargs
    public final boolean putContent(Pair<DataFormat, Object>... content) {
      for (Pair<DataFormat, Object> p : content) {
        values.put(p.getKey(), p.getValue());
      }
      return true;
    }

    @Override
    public Object getContent(DataFormat format) {
      return values.get(format);
    }

    @Override
    public boolean hasContent(DataFormat format) {
      return values.containsKey(format);
    }

    @Override
    public Set<TransferMode> getTransferModes() {
      return EnumSet.of(TransferMode.COPY);
    }

    @Override
    public void setDragView(Image image) {
      // No drag image in a simulated drag.
    }

    @Override
    public void setDragViewOffsetX(double offsetX) {
      // No drag image in a simulated drag.
    }

    @Override
    public void setDragViewOffsetY(double offsetY) {
      // No drag image in a simulated drag.
    }

    @Override
    public Image getDragView() {
      return null;
    }

    @Override
    public double getDragViewOffsetX() {
      return 0;
    }

    @Override
    public double getDragViewOffsetY() {
      return 0;
    }
  }
}
