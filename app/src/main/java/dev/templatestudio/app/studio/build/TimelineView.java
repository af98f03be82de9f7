package dev.templatestudio.app.studio.build;

import dev.templatestudio.app.studio.pipeline.PipelineCard;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.collections.MapChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/**
 * The step timeline of the current or last build: one row per part with its state, duration
 * and, for a rebuilt step, why the cache missed. FX thread.
 */
public final class TimelineView {
  private final TableView<Row> table = new TableView<>();
  private final ObservableMap<Integer, StepProgress> states;
  private final ObservableList<PipelineCard> cards;

  /** One row of the timeline. */
  public record Row(String step, String what, String state, String time, String reason) {}

  public TimelineView(ObservableMap<Integer, StepProgress> states, ObservableList<PipelineCard> cards) {
    this.states = states;
    this.cards = cards;
    table.setId("build-timeline");
    table.setPlaceholder(new Label("No build yet"));
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    table.getColumns().add(column("#", Row::step, 40));
    table.getColumns().add(column("Step", Row::what, 260));
    table.getColumns().add(column("State", Row::state, 90));
    table.getColumns().add(column("Time", Row::time, 70));
    table.getColumns().add(column("Cache", Row::reason, 300));
    states.addListener((MapChangeListener<Integer, StepProgress>) c -> refresh());
    cards.addListener((ListChangeListener<PipelineCard>) c -> refresh());
    refresh();
  }

  public TableView<Row> node() {
    return table;
  }

  private void refresh() {
    List<Row> rows = new ArrayList<>();
    states.keySet().stream().sorted().forEach(part -> {
      StepProgress p = states.get(part);
      PipelineCard card = part < cards.size() ? cards.get(part) : null;
      String what = card == null ? "" : card.kind() + " " + card.summary();
      String time = p.durationMs() == null ? "" : LogFormatter.seconds(p.durationMs());
      String reason = p.state() == StepState.CACHED ? "hit"
          : p.missReason() != null ? "rebuilt: " + p.missReason()
          : p.detail() != null ? p.detail() : "";
      rows.add(new Row(String.valueOf(part), what, p.state().label(), time, reason));
    });
    table.getItems().setAll(rows);
  }

  private static TableColumn<Row, String> column(String title, Function<Row, String> value, double width) {
    TableColumn<Row, String> c = new TableColumn<>(title);
    c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
    c.setPrefWidth(width);
    c.setSortable(false);
    return c;
  }
}
