package dev.templatestudio.app.studio.build;

import dev.templatestudio.app.studio.logview.LogFormatter;
import dev.templatestudio.app.studio.logview.StepProgress;
import dev.templatestudio.app.studio.logview.StepState;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;
import javafx.beans.Observable;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.MapChangeListener;
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
  private final IntFunction<String> what;

  /** One row of the timeline. */
  public record Row(String step, String what, String state, String time, String reason) {}

  /**
   * @param what        what a part is, in a few words (such as "apt curl, git"); "" when unknown
   * @param whatChanged fires when those words may have changed
   */
  public TimelineView(ObservableMap<Integer, StepProgress> states, IntFunction<String> what, Observable whatChanged) {
    this.states = states;
    this.what = what;
    table.setId("build-timeline");
    table.setPlaceholder(new Label("No build yet"));
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    table.getColumns().add(column("#", Row::step, 40));
    table.getColumns().add(column("Step", Row::what, 260));
    table.getColumns().add(column("State", Row::state, 90));
    table.getColumns().add(column("Time", Row::time, 70));
    table.getColumns().add(column("Cache", Row::reason, 300));
    states.addListener((MapChangeListener<Integer, StepProgress>) c -> refresh());
    whatChanged.addListener(o -> refresh());
    refresh();
  }

  public TableView<Row> node() {
    return table;
  }

  private void refresh() {
    List<Row> rows = new ArrayList<>();
    states.keySet().stream().sorted().forEach(part -> {
      StepProgress p = states.get(part);
      String time = p.durationMs() == null ? "" : LogFormatter.seconds(p.durationMs());
      String reason = p.state() == StepState.CACHED ? "hit"
          : p.missReason() != null ? "rebuilt: " + p.missReason()
          : p.detail() != null ? p.detail() : "";
      rows.add(new Row(String.valueOf(part), what.apply(part), p.state().label(), time, reason));
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
