package dev.templatestudio.app.studio.machines;

import dev.templatestudio.app.studio.common.RuntimeSource;
import dev.templatestudio.app.studio.common.TaskRunner;
import dev.templatestudio.bridge.machines.MachineInfo;
import dev.templatestudio.bridge.machines.PoolInfo;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.util.Duration;

/**
 * The machines and warm pools the studio holds ({@link MachineHolder}): Start Machine from a
 * built ref, Stop, a console per machine, pools set and removed, all done in the background;
 * the tables follow the runtimes by a poll every {@link #POLL} off the FX thread. FX thread.
 */
public final class MachinesViewModel {
  static final Duration POLL = Duration.millis(500);

  /** A runtime to hold machines on: its name (as the runtime choice says it) and how to open it. */
  public record Target(String name, RuntimeSource source) {}

  private final MachineHolder holder;
  private final TaskRunner tasks;
  private final Supplier<Target> current;
  private final LongSupplier clock;
  private final Executor ui;
  private final ExecutorService commands = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "machine-console");
    t.setDaemon(true);
    return t;
  });
  private final ObservableList<MachineRow> machines = FXCollections.observableArrayList();
  private final ObservableList<PoolRow> pools = FXCollections.observableArrayList();
  /** Refs built in this studio, with the runtime each was built on, newest last. */
  private final ObservableList<String> builtRefs = FXCollections.observableArrayList();
  private final Map<String, String> builtOn = new HashMap<>();
  private final Map<String, ConsoleViewModel> consoles = new HashMap<>();
  private final ReadOnlyBooleanWrapper starting = new ReadOnlyBooleanWrapper(this, "starting");
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
  private final ReadOnlyStringWrapper poolStatus = new ReadOnlyStringWrapper(this, "poolStatus", "");
  private final Timeline poller = new Timeline(new KeyFrame(POLL, e -> poll()));
  private boolean polling;

  /**
   * @param current the runtime chosen now: pools are set on it
   * @param ui      hands work to the FX thread ({@code Platform::runLater})
   */
  public MachinesViewModel(MachineHolder holder, TaskRunner tasks, Supplier<Target> current, LongSupplier clock,
      Executor ui) {
    this.holder = holder;
    this.tasks = tasks;
    this.current = current;
    this.clock = clock;
    this.ui = ui;
    poller.setCycleCount(Timeline.INDEFINITE);
    poller.play();
  }

  public ObservableList<MachineRow> machines() {
    return machines;
  }

  public ObservableList<PoolRow> pools() {
    return pools;
  }

  /** The refs built in this studio, for the Pools view to offer. */
  public ObservableList<String> builtRefs() {
    return builtRefs;
  }

  public ReadOnlyBooleanProperty startingProperty() {
    return starting.getReadOnlyProperty();
  }

  /** What the last machine action did, or why it could not, in one sentence. */
  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  /** What the last pool action did, or why it could not. */
  public ReadOnlyStringProperty poolStatusProperty() {
    return poolStatus.getReadOnlyProperty();
  }

  /** Notes that {@code ref} was built on the runtime named {@code runtime}: Start Machine starts it there. */
  public void noteBuilt(String ref, String runtime) {
    if (ref == null) {
      return;
    }
    builtOn.put(ref, runtime);
    builtRefs.remove(ref);
    builtRefs.add(ref);
  }

  /**
   * Starts a machine of {@code ref} on the chosen runtime and waits in the background until it
   * is ready; {@code onReady} gets its row.
   */
  public void start(String ref, java.util.function.Consumer<MachineRow> onReady) {
    Target t = current.get();
    String built = builtOn.get(ref);
    if (built != null && !built.equals(t.name())) {
      status.set(ref + " was built on " + built + "; choose " + built + " as the runtime to start a machine of it.");
      return;
    }
    starting.set(true);
    status.set("Starting a machine of " + MachineText.shortRef(ref) + " on " + t.name() + "\u2026");
    tasks.run(() -> holder.start(t.name(), t.source(), ref), m -> {
      starting.set(false);
      status.set("Machine " + m.id() + " is ready" + (m.readyMillis() == null ? ""
          : " (its start took " + MachineText.readyIn(m.readyMillis()) + ")"));
      MachineRow row = merge(t.name(), m);
      onReady.accept(row);
    }, e -> {
      starting.set(false);
      status.set("Could not start a machine of " + MachineText.shortRef(ref) + ": " + message(e));
    });
  }

  /** Stops and removes the machine of {@code row}. */
  public void stop(MachineRow row) {
    status.set("Stopping machine " + row.id() + "\u2026");
    tasks.run(() -> holder.stop(row.runtime(), row.id()), removed -> {
      status.set("Machine " + row.id() + " stopped");
      drop(row);
    }, e -> status.set("Could not stop machine " + row.id() + ": " + message(e)));
  }

  /** The console of the machine of {@code row}, made at the first call. */
  public ConsoleViewModel console(MachineRow row) {
    return consoles.computeIfAbsent(row.id(), id -> new ConsoleViewModel(new MachineHolder.Held<>(row.runtime(), id),
        holder, commands, ui, clock));
  }

  /** Keeps {@code ready} machines of {@code ref} ready on the chosen runtime, at most {@code max} (null: as many as fit). */
  public void setPool(String ref, int ready, Integer max) {
    if (ref == null || ref.isBlank()) {
      poolStatus.set("Template: give the ref of a built template (name, name:tag or name@sha256:\u2026).");
      return;
    }
    Target t = current.get();
    String r = ref.strip();
    poolStatus.set("Setting the pool of " + r + "\u2026");
    tasks.run(() -> holder.setPool(t.name(), t.source(), r, ready, max), p -> {
      poolStatus.set("The pool of " + r + " keeps " + p.ready() + " ready, at most " + p.max());
      mergePools(t.name(), List.of(p), false);
    }, e -> poolStatus.set("Could not set the pool of " + r + ": " + message(e)));
  }

  public void removePool(PoolRow row) {
    tasks.run(() -> holder.removePool(row.runtime(), row.ref()), removed -> {
      poolStatus.set("The pool of " + row.ref() + " was removed with its idle machines");
      pools.remove(row);
    }, e -> poolStatus.set("Could not remove the pool of " + row.ref() + ": " + message(e)));
  }

  /** Asks the runtimes for their machines and pools, unless an answer is still on its way. */
  void poll() {
    if (polling || !holder.isOpen()) {
      return;
    }
    polling = true;
    tasks.run(holder::snapshot, s -> {
      polling = false;
      apply(s);
    }, e -> polling = false);
  }

  private void apply(MachineHolder.Snapshot s) {
    Map<String, MachineRow> seen = new LinkedHashMap<>();
    for (MachineHolder.Held<MachineInfo> m : s.machines()) {
      MachineRow row = merge(m.runtime(), m.info());
      seen.put(row.runtime() + "/" + row.id(), row);
    }
    for (MachineRow row : List.copyOf(machines)) {
      if (!seen.containsKey(row.runtime() + "/" + row.id())) {
        drop(row);
      }
    }
    Map<String, List<PoolInfo>> byRuntime = new LinkedHashMap<>();
    s.pools().forEach(p -> byRuntime.computeIfAbsent(p.runtime(), k -> new java.util.ArrayList<>()).add(p.info()));
    pools.removeIf(row -> !byRuntime.containsKey(row.runtime()));
    byRuntime.forEach((runtime, list) -> mergePools(runtime, list, true));
  }

  private MachineRow merge(String runtime, MachineInfo info) {
    long now = clock.getAsLong();
    for (MachineRow row : machines) {
      if (row.is(runtime, info.id())) {
        row.update(info, now);
        return row;
      }
    }
    MachineRow row = new MachineRow(runtime, info, now);
    machines.add(row);
    return row;
  }

  private void mergePools(String runtime, List<PoolInfo> list, boolean whole) {
    for (PoolInfo p : list) {
      pools.stream().filter(row -> row.is(runtime, p.ref())).findFirst()
          .ifPresentOrElse(row -> row.update(p), () -> pools.add(new PoolRow(runtime, p)));
    }
    if (whole) {
      pools.removeIf(row -> row.runtime().equals(runtime) && list.stream().noneMatch(p -> row.is(runtime, p.ref())));
    }
  }

  private void drop(MachineRow row) {
    machines.remove(row);
    ConsoleViewModel c = consoles.remove(row.id());
    if (c != null) {
      c.machineGone();
    }
  }

  /**
   * What the studio holds that quitting would stop, such as "2 machines and 1 warm pool"; ""
   * when nothing. As of the last poll.
   */
  public String held() {
    long m = machines.stream().filter(r -> holder.started(r.runtime(), r.id())).count();
    long p = pools.stream().filter(r -> holder.pooled(r.runtime(), r.ref())).count();
    String machinesText = m == 0 ? "" : m + (m == 1 ? " running machine" : " running machines");
    String poolsText = p == 0 ? "" : p + (p == 1 ? " warm pool" : " warm pools");
    return machinesText.isEmpty() || poolsText.isEmpty() ? machinesText + poolsText : machinesText + " and " + poolsText;
  }

  /** Stops polling and the consoles' commands; the holder is closed by whoever made it. */
  public void close() {
    poller.stop();
    commands.shutdownNow();
  }

  private static String message(Exception e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
  }
}
