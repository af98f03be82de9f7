package dev.templatestudio.app.studio.logview;

import java.util.Collection;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import javafx.scene.Cursor;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import org.fxmisc.richtext.StyleClassedTextArea;

/**
 * The build log's gutter: a fold arrow before each step header whose output can be folded
 * (▾ open, ▸ folded); other lines are indented as far by the style sheet. Made only for the
 * header lines in view, as the area asks. The area keeps each paragraph's graphic at the left
 * of the view while the text scrolls sideways under it, so an arrow is painted opaque (style
 * class {@code log-gutter}): text scrolled under it is hidden, as in an IDE. FX thread.
 */
final class FoldGutter implements IntFunction<Node> {
  private static final double WIDTH = 18;
  private static final String GUTTER = "log-gutter";
  private final StyleClassedTextArea area;
  private final IntConsumer toggle;

  FoldGutter(StyleClassedTextArea area, IntConsumer toggle) {
    this.area = area;
    this.toggle = toggle;
  }

  @Override
  public Node apply(int paragraph) {
    Collection<String> style = area.getParagraph(paragraph).getParagraphStyle();
    if (!style.contains(LogChunk.SECTION)) {
      // No node: the area asks again for every line in view whenever lines go in above them,
      // and a node per line made that most of the cost of filling the view; other lines are
      // indented by the style sheet instead (.paragraph-text padding).
      return null;
    }
    boolean folded = style.contains(LogChunk.FOLDED);
    int step = stepOf(area.getParagraph(paragraph).getText());
    Label arrow = new Label(folded ? "\u25B8" : "\u25BE");
    arrow.getStyleClass().addAll(GUTTER, "log-fold-arrow", folded ? "log-fold-closed" : "log-fold-open");
    arrow.setMinWidth(WIDTH);
    arrow.setPrefWidth(WIDTH);
    arrow.setCursor(Cursor.HAND);
    arrow.setTooltip(new Tooltip(folded ? "Expand step " + step + " (Enter)" : "Collapse step " + step + " (Enter)"));
    arrow.setOnMouseClicked(e -> {
      toggle.accept(step);
      e.consume();
    });
    return arrow;
  }

  /** The step a log line belongs to, from its "#3 " prefix; -1 for lines of no step. */
  static int stepOf(String line) {
    if (line.length() < 2 || line.charAt(0) != '#') {
      return -1;
    }
    int step = 0;
    int i = 1;
    while (i < line.length() && i < 8 && line.charAt(i) >= '0' && line.charAt(i) <= '9') {
      step = step * 10 + (line.charAt(i) - '0');
      i++;
    }
    boolean ends = i == line.length() || line.charAt(i) == ' ';
    return i > 1 && ends ? step : -1;
  }
}
