package dev.templatestudio.app.studio.machines;

import javafx.beans.binding.Bindings;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

/**
 * The bottom panel of the main window with the Machines and Pools tabs: machines belong to the
 * studio, not to one document, so they sit below all documents. FX thread.
 */
public final class MachinesPanel {
  private final MachinesView machines;
  private final PoolsView pools;
  private final TabPane tabs = new TabPane();
  private final Tab machinesTab;
  private final Tab poolsTab;

  public MachinesPanel(MachinesViewModel vm) {
    machines = new MachinesView(vm);
    pools = new PoolsView(vm);
    machinesTab = new Tab("Machines", machines.node());
    machinesTab.setId("tab-machines");
    machinesTab.textProperty().bind(Bindings.size(vm.machines()).asString("Machines (%d)"));
    poolsTab = new Tab("Pools", pools.node());
    poolsTab.setId("tab-pools");
    poolsTab.textProperty().bind(Bindings.size(vm.pools()).asString("Pools (%d)"));
    tabs.getTabs().addAll(machinesTab, poolsTab);
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    tabs.setId("machines-panel");
    tabs.setMinHeight(120);
  }

  public TabPane node() {
    return tabs;
  }

  /** Brings the Machines tab to the front, with {@code row} selected and its console focused. */
  public void showMachine(MachineRow row) {
    tabs.getSelectionModel().select(machinesTab);
    machines.select(row);
  }

  public void showMachines() {
    tabs.getSelectionModel().select(machinesTab);
  }

  /** Brings the Pools tab to the front with {@code ref} (null: as it was) in its form. */
  public void showPools(String ref) {
    tabs.getSelectionModel().select(poolsTab);
    if (ref != null) {
      pools.offer(ref);
    }
  }
}
