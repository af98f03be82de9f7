package dev.templatestudio.app.studio.machines;

import java.util.HashMap;
import java.util.Map;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The Machines tab: the machines the studio holds (state, template, age, ready time, CPU,
 * memory, a Stop button each) beside the console of the selected one. FX thread.
 */
public final class MachinesView {
  private final MachinesViewModel vm;
  private final TableView<MachineRow> table = new TableView<>();
  private final StackPane consoleSlot = new StackPane();
  private final Label noConsole = new Label("Select a machine to run commands in it.\n"
      + "Start one from a ready build: Start Machine in the toolbar, the Build menu or beside the build's ref.");
  private final Map<String, ConsoleView> consoles = new HashMap<>();
  private final SplitPane root;

  public MachinesView(MachinesViewModel vm) {
    this.vm = vm;
    table.setId("machines-table");
    table.setItems(vm.machines());
    table.setPlaceholder(new Label("No machines. Build a template, then Start Machine."));
    table.getColumns().add(Tables.fixed(Tables.text("ID", 112, r -> new SimpleStringProperty(r.id()))));
    table.getColumns().add(Tables.fixed(Tables.withTooltip(Tables.text("State", 64, MachineRow::stateProperty))));
    // The template takes what the fixed columns leave; its whole ref is the tooltip.
    table.getColumns().add(Tables.withTooltip(Tables.text("Template", 160, r -> new SimpleStringProperty(r.ref()))));
    table.getColumns().add(Tables.fixed(Tables.text("Age", 60, MachineRow::ageProperty)));
    table.getColumns().add(Tables.fixed(Tables.text("Ready in", 70, MachineRow::readyInProperty)));
    table.getColumns().add(Tables.fixed(Tables.text("CPU", 58, MachineRow::cpuProperty)));
    table.getColumns().add(Tables.fixed(Tables.text("Memory", 70, MachineRow::memoryProperty)));
    table.getColumns().add(Tables.fixed(Tables.button("Stop", "machine-stop", "Stop this machine and delete its files",
        vm::stop)));
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
    table.getSelectionModel().selectedItemProperty().addListener((o, a, row) -> showConsole(row));
    vm.machines().addListener((ListChangeListener<MachineRow>) c -> {
      while (c.next()) {
        for (MachineRow gone : c.getRemoved()) {
          ConsoleView v = consoles.remove(gone.id());
          if (v != null) {
            v.dispose();
          }
        }
      }
      if (table.getSelectionModel().isEmpty() && !vm.machines().isEmpty()) {
        table.getSelectionModel().selectLast();
      }
    });

    Label title = new Label("MACHINES");
    title.getStyleClass().add("pane-title");
    title.setMinWidth(Region.USE_PREF_SIZE);
    ProgressIndicator spinner = new ProgressIndicator();
    spinner.setId("machines-starting");
    spinner.setPrefSize(16, 16);
    spinner.visibleProperty().bind(vm.startingProperty());
    spinner.managedProperty().bind(vm.startingProperty());
    Label status = new Label();
    status.setId("machines-status");
    status.textProperty().bind(vm.statusProperty());
    status.setTextOverrun(OverrunStyle.ELLIPSIS);
    status.setMinWidth(0);
    status.setMaxWidth(Double.MAX_VALUE);
    Tooltip tip = new Tooltip();
    tip.textProperty().bind(vm.statusProperty());
    tip.setWrapText(true);
    tip.setMaxWidth(600);
    status.setTooltip(tip);
    HBox.setHgrow(status, Priority.ALWAYS);
    Button stop = new Button("Stop");
    stop.setId("machines-stop");
    stop.setTooltip(new Tooltip("Stop the selected machine"));
    stop.setMinWidth(Region.USE_PREF_SIZE);
    stop.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
    stop.setOnAction(e -> vm.stop(table.getSelectionModel().getSelectedItem()));
    HBox bar = new HBox(8, title, spinner, status, stop);
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.setPadding(new Insets(3, 6, 3, 6));
    bar.getStyleClass().add("pane-bar");
    VBox.setVgrow(table, Priority.ALWAYS);
    VBox left = new VBox(bar, table);
    left.setMinWidth(360);

    noConsole.getStyleClass().add("hint");
    noConsole.setWrapText(true);
    noConsole.setPadding(new Insets(12));
    consoleSlot.getChildren().setAll(noConsole);
    consoleSlot.setMinWidth(280);
    root = new SplitPane(left, consoleSlot);
    root.setDividerPositions(0.5);
    root.setId("machines-view");
  }

  public SplitPane node() {
    return root;
  }

  /** Selects {@code row} and puts the focus on its console's command line. */
  public void select(MachineRow row) {
    table.getSelectionModel().select(row);
    ConsoleView v = consoles.get(row.id());
    if (v != null) {
      v.focus();
    }
  }

  private void showConsole(MachineRow row) {
    if (row == null) {
      consoleSlot.getChildren().setAll(noConsole);
      return;
    }
    ConsoleView v = consoles.computeIfAbsent(row.id(), id -> new ConsoleView(vm.console(row), row));
    consoleSlot.getChildren().setAll(v.node());
  }
}
