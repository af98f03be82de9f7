package dev.templatestudio.app.studio.pipeline;

import dev.templatestudio.app.studio.common.Icons;
import dev.templatestudio.app.studio.logview.LogFormatter;
import dev.templatestudio.app.studio.logview.StepProgress;
import dev.templatestudio.app.studio.logview.StepState;
import dev.templatestudio.bridge.build.CachePrediction;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.function.LongSupplier;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tooltip;
import javafx.scene.control.OverrunStyle;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * One pipeline card: number, icon, kind, one-line summary, the outlined badge of what the next
 * build would do with the cache (predicted), and the badge of the last build
 * (queued / running with a spinner and elapsed time / CACHED / done with duration / failed);
 * the cache-miss reason is its tooltip. A part that changed since that build (it, or a part
 * before it) shows "changed" instead. Drop-indicator pseudo-classes mark where a drop lands.
 */
final class CardCell extends ListCell<PipelineCard> {
  static final PseudoClass DROP_ABOVE = PseudoClass.getPseudoClass("drop-above");
  static final PseudoClass DROP_BELOW = PseudoClass.getPseudoClass("drop-below");
  static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");

  private final Map<Integer, StepProgress> states;
  private final IntPredicate changed;
  private final IntFunction<String> problem;
  private final LongSupplier clock;
  private final IntFunction<CachePrediction.Step> predicted;
  private final Label prediction = new Label();
  private final Label number = new Label();
  private final Label kind = new Label();
  private final Label summary = new Label();
  private final Tooltip summaryTip = wrapped("");
  private final Label badge = new Label();
  private final ProgressIndicator spinner = new ProgressIndicator();
  private final HBox box;

  /** @param changed true for a part that changed (or whose prefix did) since the last build */
  /** @param problem the first error of a part, null if none: a red edge, an error badge and the tooltip */
  /** @param predicted what the next build would do with the cache for a part; null when not known */
  CardCell(Map<Integer, StepProgress> states, IntPredicate changed, IntFunction<String> problem, LongSupplier clock,
      IntFunction<CachePrediction.Step> predicted) {
    this.states = states;
    this.predicted = predicted;
    this.changed = changed;
    this.problem = problem;
    this.clock = clock;
    number.getStyleClass().add("card-number");
    kind.getStyleClass().add("card-kind");
    summary.getStyleClass().add("card-summary");
    summary.setMaxWidth(Double.MAX_VALUE);
    summary.setMinWidth(40);
    summary.setTextOverrun(OverrunStyle.ELLIPSIS);
    // Cut short, the command is whole in its own tooltip, whatever the card's tooltip says.
    summary.setTooltip(summaryTip);
    HBox.setHgrow(summary, Priority.ALWAYS);
    // The summary gives way, never the number, kind or badge: the state stays readable.
    number.setMinWidth(Region.USE_PREF_SIZE);
    kind.setMinWidth(Region.USE_PREF_SIZE);
    badge.setMinWidth(Region.USE_PREF_SIZE);
    badge.getStyleClass().add("badge");
    // The prediction is a badge too: whole, short (the reason's headline), its tooltip the whole reason.
    prediction.setMinWidth(Region.USE_PREF_SIZE);
    spinner.setPrefSize(14, 14);
    spinner.setMaxSize(14, 14);
    box = new HBox(8);
    box.setAlignment(Pos.CENTER_LEFT);
    box.getStyleClass().add("card");
    getStyleClass().add("card-cell");
    // A list sizes its cells to the widest one and scrolls sideways; a card is as wide as the
    // list instead, so its badge stays in view and the summary is cut short with an ellipsis.
    setPrefWidth(0);
  }

  @Override
  protected void updateItem(PipelineCard card, boolean empty) {
    super.updateItem(card, empty);
    pseudoClassStateChanged(DROP_ABOVE, false);
    pseudoClassStateChanged(DROP_BELOW, false);
    pseudoClassStateChanged(ERROR, false);
    if (empty || card == null) {
      setGraphic(null);
      setTooltip(null);
      setId(null);
      return;
    }
    setId("card-" + card.part());
    number.setText(String.valueOf(card.part()));
    kind.setText(card.kind());
    summary.setText(card.summary());
    summaryTip.setText(card.kind() + " " + card.summary());
    StepProgress p = states.get(card.part());
    box.getChildren().setAll(number, Icons.node(card.icon(), 18), kind, summary);
    CachePrediction.Step foretold = predicted.apply(card.part());
    if (foretold != null) {
      showPrediction(foretold);
      box.getChildren().add(prediction);
    }
    if (p != null && changed.test(card.part())) {
      badge.setText("changed");
      badge.getStyleClass().setAll("badge", "badge-changed");
      box.getChildren().add(badge);
      setTooltip(new Tooltip("Changed since the last build (this step or one before it): it will be built again"));
    } else if (p != null) {
      badge.setText(badgeText(p));
      // A ready check taken from the cache looks like a cached step's badge.
      StepState look = p.state() == StepState.READY_CACHED ? StepState.CACHED : p.state();
      badge.getStyleClass().setAll("badge", "badge-" + look.name().toLowerCase());
      if (p.state() == StepState.RUNNING) {
        box.getChildren().add(spinner);
      }
      box.getChildren().add(badge);
      if (p.detail() != null) {
        setTooltip(wrapped((p.state() == StepState.READY ? "Ready: "
            : p.state() == StepState.READY_CACHED ? "Ready (cached: this image passed its ready check before): "
            : "Failed: ") + p.detail()));
      } else {
        setTooltip(p.missReason() == null ? null : new Tooltip("Rebuilt: " + p.missReason()));
      }
    } else {
      setTooltip(null);
    }
    String error = problem.apply(card.part());
    if (error != null) {
      pseudoClassStateChanged(ERROR, true);
      box.getChildren().add(Icons.node("problem-error", 14));
      setTooltip(new Tooltip(error));
    } else if (getTooltip() == null) {
      // The whole summary, for a card too narrow to show it.
      setTooltip(new Tooltip(card.kind() + " " + card.summary()));
    }
    setGraphic(box);
  }

  /**
   * Shows the part's prediction as it is now, in place: predictions arrive at any time, and a
   * list refresh would recreate every cell meanwhile.
   */
  void refreshPrediction() {
    PipelineCard card = getItem();
    if (card == null || isEmpty() || getGraphic() != box) {
      return;
    }
    box.getChildren().remove(prediction);
    CachePrediction.Step foretold = predicted.apply(card.part());
    if (foretold != null) {
      showPrediction(foretold);
      // After number, icon, kind and summary, where updateItem puts it.
      box.getChildren().add(4, prediction);
    }
  }

  /**
   * The outlined badge of what the next build would do: "will be CACHED" or "will run: " and the
   * reason's headline ("command changed", "parent step 2 changed"); the tooltip and the
   * inspector give the whole reason, which can quote two long commands.
   */
  private void showPrediction(CachePrediction.Step step) {
    prediction.setText(step.hit() ? "will be CACHED" : "will run: " + headline(step.reason()));
    prediction.getStyleClass().setAll("prediction", step.hit() ? "prediction-hit" : "prediction-miss");
    prediction.setTooltip(wrapped(step.hit()
        ? "Predicted: the next build takes this part from the cache"
        : "Predicted: the next build runs this part, because: " + step.reason()));
  }

  /** A miss reason up to its details: "input files changed: a, b" gives "input files changed". */
  static String headline(String reason) {
    int end = reason.length();
    for (String stop : new String[] {": ", "; "}) {
      int at = reason.indexOf(stop);
      if (at > 0 && at < end) {
        end = at;
      }
    }
    return reason.substring(0, end);
  }

  private String badgeText(StepProgress p) {
    switch (p.state()) {
      case RUNNING:
        long elapsed = p.startedAtMillis() == 0 ? 0 : clock.getAsLong() - p.startedAtMillis();
        return LogFormatter.seconds(Math.max(0, elapsed));
      case DONE:
        return p.durationMs() == null ? "done" : "done " + LogFormatter.seconds(p.durationMs());
      default:
        return p.state().label();
    }
  }

  private static Tooltip wrapped(String text) {
    Tooltip t = new Tooltip(text);
    t.setWrapText(true);
    t.setMaxWidth(480);
    return t;
  }

  /** Shows or clears the drop indicator above or below this card. */
  void indicate(boolean above, boolean below) {
    pseudoClassStateChanged(DROP_ABOVE, above);
    pseudoClassStateChanged(DROP_BELOW, below);
  }
}
