package dev.templatestudio.app.studio.logview;

import dev.templatestudio.app.studio.common.KeyHelp;
import java.util.Collection;
import java.util.List;
import java.util.function.IntConsumer;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.StyleClassedTextArea;
import org.fxmisc.richtext.model.Paragraph;
import org.fxmisc.richtext.model.TwoDimensional;
import org.fxmisc.richtext.util.UndoUtils;

/**
 * The build log: a read-only styled text area in a virtualized scroll pane, fed in batches
 * ({@link #append}: one change per batch, its document made off the FX thread), without undo
 * history, holding at most {@code maxLines} lines (older ones leave the view; the build's event
 * log keeps them). Follows the tail until the person scrolls up, and again once they scroll
 * back to the bottom. Each step's header has a fold arrow in the gutter; clicking it or
 * pressing Enter on a step's line asks to fold or unfold that step. FX thread.
 */
public final class LogView {
  /** The keys the log handles itself (the area's filter below), for the shortcuts list. */
  public static final List<KeyHelp> KEYS = List.of(
      new KeyHelp("Enter", "Fold or unfold the step at the caret, in the build log"));
  /** Lines a build's log view holds at most. */
  public static final int MAX_LINES = 50_000;

  private final StyleClassedTextArea area = new StyleClassedTextArea();
  private final VirtualizedScrollPane<StyleClassedTextArea> scroll = new VirtualizedScrollPane<>(area);
  private final BooleanProperty follow = new SimpleBooleanProperty(this, "follow", true);
  private final int maxLines;
  private long appendedLines;
  /** The number (in its log) of the view's first line, to find a header a frame updates. */
  private long firstLine;
  /** The number of each line in the view, gaps included, to find a line the search found. */
  private final LineNumbers numbers = new LineNumbers();
  private IntConsumer onToggleFold = step -> { };
  /** The step whose header to bring into view once it arrives, after a fold while not following; -1 for none. */
  private int reveal = -1;

  public LogView(int maxLines) {
    this.maxLines = maxLines;
    area.setId("build-log");
    area.getStyleClass().add("build-log");
    area.setEditable(false);
    area.setWrapText(false);
    area.setUndoManager(UndoUtils.noOpUndoManager());
    area.setParagraphGraphicFactory(new FoldGutter(area, this::toggleFold));
    area.addEventFilter(ScrollEvent.SCROLL, e -> {
      if (e.getDeltaY() > 0) {
        follow.set(false);
      } else {
        Platform.runLater(this::reconsiderFollow);
      }
    });
    // A filter (see KEYS): the area's own key bindings take Enter first (it would be a newline if editable).
    area.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
      if (e.getCode() == KeyCode.ENTER && !e.isShortcutDown()) {
        int step = stepAt(area.getCurrentParagraph());
        if (step >= 0) {
          toggleFold(step);
          e.consume();
        }
      }
    });
    scroll.addEventFilter(MouseEvent.MOUSE_RELEASED, e -> Platform.runLater(this::reconsiderFollow));
    follow.addListener((obs, o, on) -> {
      if (on) {
        toBottom();
      }
    });
    // Once a line is wider than the view (a miss reason, a long command) a horizontal scroll bar
    // takes the bottom of the viewport, and the view keeps its top line: the newest line went
    // under the bar, and the next click in the log (on a fold arrow, or before Enter folds)
    // found the view above the bottom and turned Follow off. Following keeps the tail in view.
    area.heightProperty().addListener((obs, o, h) -> {
      if (follow.get()) {
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

  /** The most lines the view holds. */
  public int maxLines() {
    return maxLines;
  }

  /**
   * Puts one frame in the view: its new lines (replacing the view, or after its last line), the
   * older lines before its first, and the folded headers whose count grew.
   *
   * @return how many lines went in
   */
  public int show(LogFrame frame) {
    if (frame.replace()) {
      replace(frame.lines());
    } else {
      append(frame.lines());
    }
    if (frame.older() != null) {
      prepend(frame.older());
    }
    frame.headers().forEach(this::updateHeader);
    return frame.lines().lines() + (frame.older() == null ? 0 : frame.older().lines());
  }

  /** Whether the view follows new lines; cleared by scrolling up. */
  public BooleanProperty followProperty() {
    return follow;
  }

  /** Called with a step when the person asks to fold or unfold it. */
  public void setOnToggleFold(IntConsumer handler) {
    onToggleFold = handler;
  }

  /** Lines appended since the view was made (including those since dropped by the cap). */
  public long appendedLines() {
    return appendedLines;
  }

  /** The step whose section paragraph {@code paragraph} is in ("#3 …"), or -1. */
  public int stepAt(int paragraph) {
    if (paragraph < 0 || paragraph >= area.getParagraphs().size()) {
      return -1;
    }
    return FoldGutter.stepOf(area.getParagraph(paragraph).getText());
  }

  /** Appends a batch of lines in one change, drops the oldest beyond the cap, follows the tail. */
  void append(LogChunk chunk) {
    if (chunk.isEmpty()) {
      return;
    }
    if (area.getLength() == 0) {
      firstLine = chunk.firstLine();
    }
    int before = area.getParagraphs().size() - 1;
    area.append(chunk.document());
    numbers.appended(chunk.firstLine(), chunk.lines());
    appendedLines += chunk.lines();
    revealIn(chunk, before);
    trim();
    if (follow.get()) {
      toBottom();
    }
  }

  /** Puts a batch of older lines before the first one, in one change, keeping what is in view. */
  void prepend(LogChunk chunk) {
    if (chunk.isEmpty()) {
      return;
    }
    int top = area.firstVisibleParToAllParIndex();
    area.insert(0, chunk.document());
    numbers.prepended(chunk.firstLine(), chunk.lines());
    firstLine = chunk.firstLine();
    trim();
    if (follow.get()) {
      toBottom();
    } else {
      area.showParagraphAtTop(top + chunk.lines());
    }
    revealIn(chunk, 0);
  }

  /** Replaces the whole log in one change. */
  void replace(LogChunk chunk) {
    // A selection across the replaced text made RichTextFX build a paragraph's selection range
    // backwards (IllegalArgumentException in IndexRange); a whole replace keeps no selection anyway.
    area.moveTo(0);
    area.replace(0, area.getLength(), chunk.document());
    numbers.reset(chunk.firstLine(), chunk.lines());
    firstLine = chunk.firstLine();
    appendedLines += chunk.lines();
    revealIn(chunk, 0);
    trim();
    if (follow.get()) {
      toBottom();
    }
  }

  /**
   * Puts a folded header's new text in place of its line, if the view holds it; {@code header}
   * is one line numbered as the line it replaces.
   */
  void updateHeader(LogChunk header) {
    long p = header.firstLine() - firstLine;
    if (p < 0 || p >= area.getParagraphs().size() - 1) {
      return;
    }
    int par = (int) p;
    Paragraph<Collection<String>, String, Collection<String>> old = area.getParagraph(par);
    String text = header.text();
    // After a gap (lines skipped while not following) numbers may be off: touch only the same header.
    if (!old.getParagraphStyle().contains(LogChunk.SECTION) || FoldGutter.stepOf(old.getText()) != FoldGutter.stepOf(text)) {
      return;
    }
    int start = area.getAbsolutePosition(par, 0);
    area.replace(start, start + old.length(), header.document().subSequence(0, text.length() - 1));
  }

  /** The paragraph that shows line {@code line} of the log, or -1 when the view does not hold it. */
  public int paragraphOfLine(long line) {
    return numbers.paragraphOf(line);
  }

  /** The number in its log of the line paragraph {@code paragraph} shows, or -1. */
  public long lineOfParagraph(int paragraph) {
    return paragraph < numbers.size() ? numbers.lineAt(paragraph) : -1;
  }

  /** The text in the view (the last {@code maxLines} lines, up to a fifth more before a trim). */
  public String text() {
    return area.getText();
  }

  /**
   * Runs {@code update}, a frame's change of the view's lines, keeping the selection and the
   * caret on the lines they were on: the area's own edits put the caret after what they
   * insert, which would drop a match that find selected as soon as the next lines arrive. A
   * selection whose lines left the view, or a view filled afresh, keeps what the edits left.
   */
  public void keepingSelection(Runnable update) {
    int anchor = area.getAnchor();
    int caret = area.getCaretPosition();
    if (anchor == caret && caret == area.getLength()) {
      update.run();
      return;
    }
    TwoDimensional.Position a = area.offsetToPosition(anchor, TwoDimensional.Bias.Forward);
    TwoDimensional.Position c = area.offsetToPosition(caret, TwoDimensional.Bias.Forward);
    long anchorLine = lineOfParagraph(a.getMajor());
    long caretLine = lineOfParagraph(c.getMajor());
    int resets = numbers.resets();
    update.run();
    int ap = anchorLine < 0 ? -1 : numbers.paragraphOf(anchorLine);
    int cp = caretLine < 0 ? -1 : numbers.paragraphOf(caretLine);
    if (ap < 0 || cp < 0 || numbers.resets() != resets) {
      return;
    }
    int newAnchor = area.getAbsolutePosition(ap, Math.min(a.getMinor(), area.getParagraphLength(ap)));
    int newCaret = area.getAbsolutePosition(cp, Math.min(c.getMinor(), area.getParagraphLength(cp)));
    if (newAnchor != area.getAnchor() || newCaret != area.getCaretPosition()) {
      area.selectRange(newAnchor, newCaret);
    }
  }

  private void toggleFold(int step) {
    reveal = follow.get() ? -1 : step;
    onToggleFold.accept(step);
  }

  /** Shows the header of the step to reveal at the top if {@code chunk}, now at paragraph {@code at}, holds it. */
  private void revealIn(LogChunk chunk, int at) {
    if (reveal < 0 || follow.get()) {
      return;
    }
    for (int i = 0; i < chunk.lines(); i++) {
      Paragraph<Collection<String>, String, Collection<String>> p = chunk.document().getParagraph(i);
      if (p.getParagraphStyle().contains(LogChunk.SECTION) && FoldGutter.stepOf(p.getText()) == reveal) {
        reveal = -1;
        area.showParagraphAtTop(at + i);
        return;
      }
    }
  }

  private void trim() {
    // Trimming re-lays out the view, so it waits until the log is a fifth over the cap.
    int lines = area.getParagraphs().size() - 1;
    if (lines > maxLines + maxLines / 5) {
      area.deleteText(0, 0, lines - maxLines, 0);
      numbers.trimmed(lines - maxLines);
      firstLine += lines - maxLines;
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
