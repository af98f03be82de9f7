package dev.templatestudio.app.studio.workspace;

import dev.templatestudio.app.studio.machines.MachinesPanel;
import dev.templatestudio.app.studio.machines.MachinesViewModel;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.Region;

/**
 * Puts the machines into the window: the Machines and Pools panel below the documents (shown
 * on demand), Start Machine in the toolbar, the Build menu and beside each build's ref, and the
 * panel's toggle in the View menu and the toolbar. FX thread.
 */
final class MachinesDock {
  private static final double PANEL_SHARE = 0.62;
  private final WorkspaceViewModel vm;
  private final MachinesViewModel machines;
  /** Made when first shown: its tables and console cost the window's first frame nothing. */
  private MachinesPanel panel;
  private final SplitPane work;
  private final BooleanProperty shown = new SimpleBooleanProperty(this, "shown");
  private final BooleanBinding canStart;

  /** @param work the window's vertical split whose first item is the documents */
  MachinesDock(WorkspaceViewModel vm, MachinesViewModel machines, SplitPane work) {
    this.vm = vm;
    this.machines = machines;
    this.work = work;
    shown.addListener((o, a, on) -> {
      if (on && !work.getItems().contains(panel().node())) {
        work.getItems().add(panel.node());
        work.setDividerPositions(PANEL_SHARE);
      } else if (!on && panel != null) {
        work.getItems().remove(panel.node());
      }
    });
    canStart = DocumentBindings.text(vm, s -> s.builds().lastRefProperty()).isNotEmpty()
        .and(DocumentBindings.flag(vm, s -> s.builds().runningProperty()).not())
        .and(machines.startingProperty().not());
  }

  private MachinesPanel panel() {
    if (panel == null) {
      panel = new MachinesPanel(machines);
    }
    return panel;
  }

  /** Whether the panel is on show. */
  BooleanProperty shownProperty() {
    return shown;
  }

  /** Starts a machine from the last ready build of the document in front, and shows it in the panel. */
  void startMachine() {
    EditorSession s = vm.current();
    if (s == null || s.builds().lastRefProperty().get() == null) {
      return;
    }
    start(s);
  }

  private void start(EditorSession s) {
    shown.set(true);
    panel().showMachines();
    machines.start(s.builds().lastRefProperty().get(), row -> panel().showMachine(row));
  }

  /** Shows the Pools tab with the ref of the document in front in its form. */
  void showPools() {
    shown.set(true);
    EditorSession s = vm.current();
    panel().showPools(s == null ? null : s.builds().lastRefProperty().get());
  }

  /** The Build menu's items. */
  MenuItem[] buildItems() {
    MenuItem start = new MenuItem("Start Machine");
    start.setId("menu-start-machine");
    start.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+M"));
    start.setOnAction(e -> startMachine());
    start.disableProperty().bind(canStart.not());
    MenuItem pool = new MenuItem("Warm Pool\u2026");
    pool.setId("menu-warm-pool");
    pool.setOnAction(e -> showPools());
    return new MenuItem[] {start, pool};
  }

  /** The View menu's toggle of the panel. */
  MenuItem viewItem() {
    CheckMenuItem item = new CheckMenuItem("Machines and Pools");
    item.setId("menu-machines-panel");
    item.setAccelerator(KeyCombination.keyCombination("Shortcut+Alt+M"));
    item.selectedProperty().bindBidirectional(shown);
    return item;
  }

  /** The toolbar's Start Machine button and the panel's toggle, which counts the machines. */
  Node[] toolbarItems() {
    Button start = new Button("Start Machine");
    start.setId("tb-start-machine");
    start.setTooltip(new Tooltip("Start a machine from the last ready build (Ctrl+Shift+M)"));
    start.setOnAction(e -> startMachine());
    start.disableProperty().bind(canStart.not());
    start.setMinWidth(Region.USE_PREF_SIZE);
    ToggleButton toggle = new ToggleButton();
    toggle.setId("tb-machines");
    toggle.textProperty().bind(Bindings.size(machines.machines()).asString("Machines (%d)"));
    toggle.setTooltip(new Tooltip("Show the machines and warm pools the studio holds (Ctrl+Alt+M)"));
    toggle.selectedProperty().bindBidirectional(shown);
    toggle.setMinWidth(Region.USE_PREF_SIZE);
    return new Node[] {start, toggle};
  }

  /** Puts Start Machine beside the ref of {@code editor}'s build. */
  void decorate(EditorView editor) {
    EditorSession s = editor.session();
    Button start = new Button("Start Machine");
    start.getStyleClass().add("build-start-machine");
    start.setTooltip(new Tooltip("Start a machine from the last ready build's ref and open its console"));
    start.setMinWidth(Region.USE_PREF_SIZE);
    start.disableProperty().bind(s.builds().lastRefProperty().isNull().or(s.builds().runningProperty())
        .or(machines.startingProperty()));
    start.setOnAction(e -> start(s));
    editor.build().addRefAction(start);
  }
}
