package dev.templatestudio.app.studio.machines;

import javafx.beans.property.SimpleStringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TextFormatter;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The Pools tab: set a template's warm pool (how many ready, at most how many), and watch each
 * pool's ready, starting and in-use machines change as the runtime refills it. FX thread.
 */
public final class PoolsView {
  /** The most ready machines the spinner offers; the runtime refuses more than fit anyway. */
  static final int MOST_READY = 256;
  private final MachinesViewModel vm;
  private final ComboBox<String> ref = new ComboBox<>();
  private final Spinner<Integer> ready = new Spinner<>(0, MOST_READY, 1);
  private final TextField max = new TextField();
  private final TableView<PoolRow> table = new TableView<>();
  private final VBox root;

  public PoolsView(MachinesViewModel vm) {
    this.vm = vm;
    ref.setId("pool-ref");
    ref.setEditable(true);
    ref.setItems(vm.builtRefs());
    ref.setPromptText("a built template: web, web:stable, web@sha256:\u2026");
    ref.setPrefWidth(360);
    ref.setMinWidth(160);
    ref.setTooltip(new Tooltip("A pool follows its ref: when a tag names a new build, the pool refills with it"));
    HBox.setHgrow(ref, Priority.SOMETIMES);
    ready.setId("pool-ready");
    ready.setEditable(true);
    ready.setPrefWidth(80);
    ready.setTooltip(new Tooltip("How many machines the pool keeps started and ready"));
    max.setId("pool-max");
    max.setPrefColumnCount(9);
    max.setPromptText("as many as fit");
    max.setTooltip(new Tooltip("The most machines of the pool, ready and handed out together; empty: as many as fit"));
    max.setTextFormatter(new TextFormatter<String>(c -> c.getControlNewText().matches("\\d{0,4}") ? c : null));
    Button set = new Button("Set Pool");
    set.setId("pool-set");
    set.setDefaultButton(false);
    set.setOnAction(e -> setPool());
    Label refLabel = new Label("Template");
    Label readyLabel = new Label("Keep ready");
    Label maxLabel = new Label("Max");
    for (Region r : new Region[] {refLabel, readyLabel, maxLabel, set, max}) {
      r.setMinWidth(Region.USE_PREF_SIZE);
    }
    ready.setMinWidth(70);
    HBox form = new HBox(6, refLabel, ref, readyLabel, ready, maxLabel, max, set);
    form.setAlignment(Pos.CENTER_LEFT);
    form.setPadding(new Insets(4, 6, 4, 6));
    form.getStyleClass().add("pane-bar");

    Label title = new Label("WARM POOLS");
    title.getStyleClass().add("pane-title");
    title.setMinWidth(Region.USE_PREF_SIZE);
    Label status = new Label();
    status.setId("pool-status");
    status.textProperty().bind(vm.poolStatusProperty());
    status.setTextOverrun(OverrunStyle.ELLIPSIS);
    status.setMinWidth(0);
    status.setMaxWidth(Double.MAX_VALUE);
    Tooltip tip = new Tooltip();
    tip.textProperty().bind(vm.poolStatusProperty());
    tip.setWrapText(true);
    tip.setMaxWidth(600);
    status.setTooltip(tip);
    HBox.setHgrow(status, Priority.ALWAYS);
    HBox bar = new HBox(8, title, status);
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.setPadding(new Insets(3, 6, 3, 6));
    bar.getStyleClass().add("pane-bar");

    table.setId("pools-table");
    table.setItems(vm.pools());
    table.setPlaceholder(new Label("No warm pools. A pool keeps machines of a template ready, so one starts at once."));
    table.getColumns().add(Tables.withTooltip(Tables.text("Template", 170, r -> new SimpleStringProperty(r.ref()))));
    table.getColumns().add(Tables.withTooltip(Tables.text("Build", 200, PoolRow::buildsProperty)));
    table.getColumns().add(Tables.number("Keep ready", 80, PoolRow::keepProperty));
    table.getColumns().add(Tables.number("Ready now", 80, PoolRow::readyNowProperty));
    table.getColumns().add(Tables.number("Starting", 70, PoolRow::startingProperty));
    table.getColumns().add(Tables.number("In use", 60, PoolRow::inUseProperty));
    table.getColumns().add(Tables.number("Max", 50, PoolRow::maxProperty));
    table.getColumns().add(Tables.withTooltip(Tables.text("Last failed start", 160, PoolRow::problemProperty)));
    table.getColumns().add(Tables.button("Remove", "pool-remove", "Remove the pool and its idle machines",
        vm::removePool));
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    // Picking a pool puts it in the form, to change its numbers.
    table.getSelectionModel().selectedItemProperty().addListener((o, a, row) -> {
      if (row != null) {
        ref.getEditor().setText(row.ref());
        ready.getValueFactory().setValue(row.keepProperty().get());
        max.setText(Integer.toString(row.maxProperty().get()));
      }
    });
    VBox.setVgrow(table, Priority.ALWAYS);
    root = new VBox(bar, form, table);
    root.setId("pools-view");
  }

  public VBox node() {
    return root;
  }

  /** Puts {@code templateRef} in the form, for a pool of it. */
  public void offer(String templateRef) {
    ref.getEditor().setText(templateRef);
  }

  private void setPool() {
    // A typed spinner value counts once the spinner commits it; Set Pool reads what is typed.
    ready.commitValue();
    String m = max.getText().strip();
    vm.setPool(ref.getEditor().getText(), ready.getValue(), m.isEmpty() ? null : Integer.valueOf(m));
  }
}
