package dev.templatestudio.app.studio.build;

import dev.templatestudio.app.studio.logview.LogFormatter;
import dev.templatestudio.app.studio.logview.StageStep;
import dev.templatestudio.app.studio.logview.StepProgress;
import dev.templatestudio.app.studio.logview.StepState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import javafx.beans.Observable;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.MapChangeListener;
import javafx.collections.ObservableMap;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;

/**
 * The step timeline of the current or last build: one row per part with its state, duration
 * and, for a rebuilt step, why the cache missed. With build stages, the rows are grouped under
 * a row per stage, in the template's stage order, and the final stage's come last under its own.
 * FX thread.
 */
public final class TimelineView {
  private final TableView<Row> table = new TableView<>();
  private final ObservableMap<Integer, StepProgress> states;
  private final IntFunction<String> what;
  private final ObservableMap<StageStep, StepProgress> stageStates;
  private final Function<StageStep, String> stageWhat;
  private final Supplier<List<String>> stageOrder;

  /** One row of the timeline; a stage's heading row has only {@code what}. */
  public record Row(String step, String what, String state, String time, String reason) {
    boolean heading() {
      return step.isEmpty() && state.isEmpty();
    }
  }

  /**
   * @param what        what a part is, in a few words (such as "apt curl, git"); "" when unknown
   * @param whatChanged fires when those words may have changed
   * @param stageStates the state of each build stage's step
   * @param stageWhat   what a build stage's step is, in a few words; "" when unknown
   * @param stageOrder  the template's stage names in order (stages it does not name follow them)
   */
  public TimelineView(ObservableMap<Integer, StepProgress> states, IntFunction<String> what, Observable whatChanged,
      ObservableMap<StageStep, StepProgress> stageStates, Function<StageStep, String> stageWhat,
      Supplier<List<String>> stageOrder) {
    this.states = states;
    this.what = what;
    this.stageStates = stageStates;
    this.stageWhat = stageWhat;
    this.stageOrder = stageOrder;
    table.setRowFactory(t -> new TableRow<>() {
      @Override
      protected void updateItem(Row row, boolean empty) {
        super.updateItem(row, empty);
        getStyleClass().remove("timeline-stage");
        if (!empty && row != null && row.heading()) {
          getStyleClass().add("timeline-stage");
        }
      }
    });
    table.setId("build-timeline");
    table.setPlaceholder(new Label("No build yet"));
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    table.getColumns().add(column("#", Row::step, 40));
    table.getColumns().add(column("Step", Row::what, 260));
    table.getColumns().add(column("State", Row::state, 90));
    table.getColumns().add(column("Time", Row::time, 70));
    table.getColumns().add(column("Cache", Row::reason, 300));
    states.addListener((MapChangeListener<Integer, StepProgress>) c -> refresh());
    stageStates.addListener((MapChangeListener<StageStep, StepProgress>) c -> refresh());
    whatChanged.addListener(o -> refresh());
    refresh();
  }

  public TableView<Row> node() {
    return table;
  }

  private void refresh() {
    List<Row> rows = new ArrayList<>();
    if (!stageStates.isEmpty()) {
      List<String> order = new ArrayList<>(stageOrder.get());
      stageStates.keySet().stream().map(StageStep::stage).distinct().sorted()
          .filter(s -> !order.contains(s)).forEach(order::add);
      for (String stage : order) {
        List<StageStep> steps = stageStates.keySet().stream().filter(k -> k.stage().equals(stage))
            .sorted(Comparator.comparingInt(StageStep::step)).toList();
        if (!steps.isEmpty()) {
          rows.add(new Row("", "stage " + stage, "", "", ""));
          steps.forEach(k -> rows.add(row(k.step(), stageWhat.apply(k), stageStates.get(k))));
        }
      }
      rows.add(new Row("", "final stage", "", "", ""));
    }
    states.keySet().stream().sorted().forEach(part -> rows.add(row(part, what.apply(part), states.get(part))));
    table.getItems().setAll(rows);
  }

  private static Row row(int step, String what, StepProgress p) {
    String time = p.durationMs() == null ? "" : LogFormatter.seconds(p.durationMs());
    String reason = p.state() == StepState.CACHED ? "hit"
        : p.missReason() != null ? "rebuilt: " + p.missReason()
        : p.detail() != null ? p.detail() : "";
    return new Row(String.valueOf(step), what, p.state().label(), time, reason);
  }

  private static TableColumn<Row, String> column(String title, Function<Row, String> value, double width) {
    TableColumn<Row, String> c = new TableColumn<>(title);
    c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
    c.setPrefWidth(width);
    c.setSortable(false);
    return c;
  }
}
