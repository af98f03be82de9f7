package dev.templatestudio.app.studio.build;

import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.StyleClassedTextArea;
import org.fxmisc.richtext.util.UndoUtils;

/**
 * The build log: a read-only styled text area in a virtualized scroll pane, fed in batches
 * ({@link #append}: one text change and one style change per batch), without undo history,
 * holding at most {@code maxLines} lines (older ones leave the view; the build's event log
 * keeps them). Follows the tail until the person scrolls up, and again once they scroll back
 * to the bottom. FX thread.
 */
public final class LogView {
  private final StyleClassedTextArea area = new StyleClassedTextArea();
  private final VirtualizedScrollPane<StyleClassedTextArea> scroll = new VirtualizedScrollPane<>(area);
  private final BooleanProperty follow = new SimpleBooleanProperty(this, "follow", true);
  private final int maxLines;
  private long appendedLines;

  public LogView(int maxLines) {
    this.maxLines = maxLines;
    area.setId("build-log");
    area.getStyleClass().add("build-log");
    area.setEditable(false);
    area.setWrapText(false);
    area.setUndoManager(UndoUtils.noOpUndoManager());
    area.addEventFilter(ScrollEvent.SCROLL, e -> {
      if (e.getDeltaY() > 0) {
        follow.set(false);
      } else {
        Platform.runLater(this::reconsiderFollow);
      }
    });
    scroll.addEventFilter(MouseEvent.MOUSE_RELEASED, e -> Platform.runLater(this::reconsiderFollow));
    follow.addListener((obs, o, on) -> {
      if (on) {
        toBottom();
      }
    });
  }

  public VirtualizedScrollPane<StyleClassedTextArea> node() {
    return scroll;
  }

  public StyleClassedTextArea area() {
    return area;
  }

  /** Whether the view follows new lines; cleared by scrolling up. */
  public BooleanProperty followProperty() {
    return follow;
  }

  /** Lines appended since the view was made (including those since dropped by the cap). */
  public long appendedLines() {
    return appendedLines;
  }

  /** Appends a batch of lines in one change, drops the oldest beyond the cap, follows the tail. */
  public void append(LogChunk chunk) {
    if (chunk.isEmpty()) {
      return;
    }
    int at = area.getLength();
    area.appendText(chunk.text());
    area.setStyleSpans(at, chunk.spans());
    appendedLines += chunk.lines();
    trim();
    if (follow.get()) {
      toBottom();
    }
  }

  /** Puts a batch of older lines before the first one, in one change. */
  public void prepend(LogChunk chunk) {
    if (chunk.isEmpty()) {
      return;
    }
    area.insertText(0, chunk.text());
    area.setStyleSpans(0, chunk.spans());
    trim();
    if (follow.get()) {
      toBottom();
    }
  }

  /** Replaces the whole log. */
  public void replace(LogChunk chunk) {
    area.clear();
    append(chunk);
  }

  /** The text in the view (the last {@code maxLines} lines, up to a fifth more before a trim). */
  public String text() {
    return area.getText();
  }

  /**
   * Selects the next (or previous) occurrence of {@code query} from the caret, wrapping
   * around; false when there is none. Case-insensitive.
   */
  public boolean find(String query, boolean forward) {
    if (query.isEmpty()) {
      return false;
    }
    String text = area.getText().toLowerCase();
    String q = query.toLowerCase();
    int from = forward ? area.getSelection().getEnd() : area.getSelection().getStart() - 1;
    int at = forward ? text.indexOf(q, from) : text.lastIndexOf(q, Math.max(0, from));
    if (at < 0) {
      at = forward ? text.indexOf(q) : text.lastIndexOf(q);
    }
    if (at < 0) {
      return false;
    }
    follow.set(false);
    area.selectRange(at, at + q.length());
    area.requestFollowCaret();
    return true;
  }

  private void trim() {
    // Trimming re-lays out the view, so it waits until the log is a fifth over the cap.
    int lines = area.getParagraphs().size() - 1;
    if (lines > maxLines + maxLines / 5) {
      area.deleteText(0, 0, lines - maxLines, 0);
    }
  }

  private void toBottom() {
    area.showParagraphAtBottom(Math.max(0, area.getParagraphs().size() - 1));
  }

  private void reconsiderFollow() {
    double bottom = area.getTotalHeightEstimate() - area.getHeight();
    follow.set(area.getEstimatedScrollY() >= bottom - 4);
  }
}
