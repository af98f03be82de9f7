package dev.templatestudio.app.studio.logview;

import dev.templatestudio.app.studio.common.KeyHelp;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.beans.property.BooleanProperty;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.IndexRange;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import org.fxmisc.richtext.StyleClassedTextArea;
import org.fxmisc.richtext.model.TwoDimensional;

/**
 * The build log's find bar: the query, where it stands ("3 of 12"; "No matches" with the field
 * marked), previous, next and close. Enter / Shift+Enter and F3 / Shift+F3 go to the next /
 * previous match, Esc closes. Next goes on from the end of the log's selection (previous from
 * its start), so from the match selected last, or from where the person clicked. Selects in the log the match {@link LogFind} asks for once the log
 * holds its line. FX thread.
 */
public final class FindBar {
  private static final String NO_MATCHES = "no-matches";
  private final LogFind find;
  private final LogView log;
  private final TextField field = new TextField();
  private final HBox bar;

  /** Find in {@code log}, the view of {@code feed}; it searches on the feed's search thread. */
  public FindBar(LogFeed feed, LogView log) {
    this(new LogFind(feed, new LogSearch(feed.threads().search())), log);
  }

  FindBar(LogFind find, LogView log) {
    this.find = find;
    this.log = log;
    field.setId("log-search");
    field.setPromptText("Find in log");
    field.textProperty().bindBidirectional(find.queryProperty());
    field.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
      if (e.getCode() == KeyCode.ENTER) {
        next(!e.isShiftDown());
        e.consume();
      }
    });
    HBox.setHgrow(field, Priority.SOMETIMES);
    Label count = new Label();
    count.setId("log-find-count");
    count.getStyleClass().add("find-count");
    count.setMinWidth(90);
    count.textProperty().bind(find.statusProperty());
    count.setTooltip(new Tooltip("Counts matches in the lines the log keeps (the newest "
        + String.format(Locale.ROOT, "%,d", log.maxLines()) + ") and in the lines folded under their steps"));
    find.noMatchesProperty().addListener((o, was, none) -> {
      field.getStyleClass().remove(NO_MATCHES);
      count.getStyleClass().remove(NO_MATCHES);
      if (none) {
        field.getStyleClass().add(NO_MATCHES);
        count.getStyleClass().add(NO_MATCHES);
      }
    });
    Button prev = button("\u25B2", "log-find-previous", "Previous match (Shift+Enter, Shift+F3)");
    prev.setOnAction(e -> next(false));
    Button next = button("\u25BC", "log-find-next", "Next match (Enter, F3)");
    next.setOnAction(e -> next(true));
    Button close = button("\u2715", "log-find-close", "Close (Esc)");
    close.setOnAction(e -> find.openProperty().set(false));
    bar = new HBox(4, field, count, prev, next, close);
    bar.setId("log-find-bar");
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.setPadding(new Insets(3, 6, 3, 6));
    bar.getStyleClass().addAll("pane-bar", "find-bar");
    bar.visibleProperty().bind(find.openProperty());
    bar.managedProperty().bind(find.openProperty());
    find.openProperty().addListener((o, was, open) -> {
      if (open) {
        field.requestFocus();
        field.selectAll();
      } else {
        log.area().requestFocus();
      }
    });
  }

  public Node node() {
    return bar;
  }

  /** Whether find is open (a toggle button binds to it); it searches only then. */
  public BooleanProperty openProperty() {
    return find.openProperty();
  }

  /** The keys find handles itself (see {@link #install} and the field's filter), for the shortcuts list. */
  public static final List<KeyHelp> KEYS = List.of(
      new KeyHelp("F3", "Next match in the build log (opens find)"),
      new KeyHelp("Shift+F3", "Previous match in the build log"),
      new KeyHelp("Enter / Shift+Enter", "Next / previous match, in the find field"),
      new KeyHelp("Esc", "Close find in the build log"));

  /** Makes F3 / Shift+F3 (next, previous) and Esc (close) work anywhere in {@code scope}. */
  public void install(Node scope) {
    scope.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
      if (e.getCode() == KeyCode.F3) {
        find.openProperty().set(true);
        next(!e.isShiftDown());
        e.consume();
      } else if (e.getCode() == KeyCode.ESCAPE && find.openProperty().get()) {
        // Consumed, so Esc here closes find rather than cancel the build.
        find.openProperty().set(false);
        e.consume();
      }
    });
  }

  public boolean isOpen() {
    return find.openProperty().get();
  }

  /** Opens find with its field focused and its query selected (Ctrl+F). */
  public void open() {
    if (find.openProperty().get()) {
      field.requestFocus();
      field.selectAll();
    } else {
      find.openProperty().set(true);
    }
  }

  /** Once per frame, after the log took the frame's lines. */
  public void frame() {
    find.frame();
    LogFind.Reveal r = find.reveal();
    if (r != null) {
      select(r);
    }
  }

  private void next(boolean forward) {
    log.followProperty().set(false);
    if (find.revealing()) {
      // The match asked for last is not selected yet (its step unfolds): go on from it, not from the selection.
      find.step(forward);
      return;
    }
    StyleClassedTextArea area = log.area();
    IndexRange selection = area.getSelection();
    TwoDimensional.Position at = area.offsetToPosition(forward ? selection.getEnd() : selection.getStart(),
        TwoDimensional.Bias.Forward);
    int p = at.getMajor();
    String folded = LogMatch.fold(find.queryProperty().get());
    int before = folded.isEmpty() ? 0 : LogMatch.before(area.getParagraph(p).getText(), folded, at.getMinor());
    find.stepFrom(forward, log.lineOfParagraph(p), before);
  }

  /** Selects the match, if the log holds its line yet. */
  private void select(LogFind.Reveal r) {
    int p = log.paragraphOfLine(r.line());
    if (p < 0) {
      return;
    }
    StyleClassedTextArea area = log.area();
    int column = LogMatch.nth(area.getParagraph(p).getText(), r.folded(), r.occurrence());
    if (column < 0) {
      return;
    }
    log.followProperty().set(false);
    area.selectRange(p, column, p, column + r.folded().length());
    area.showParagraphAtCenter(p);
    area.requestFollowCaret();
    find.revealed();
  }

  private static Button button(String text, String id, String tip) {
    Button b = new Button(text);
    b.setId(id);
    b.setTooltip(new Tooltip(tip));
    b.setFocusTraversable(false);
    return b;
  }
}
