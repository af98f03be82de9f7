package dev.templatestudio.app.studio.machines;

import dev.templatestudio.app.studio.common.RuntimeSource;
import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.machines.MachineInfo;
import dev.templatestudio.bridge.machines.MachineRequest;
import dev.templatestudio.bridge.machines.Machines;
import dev.templatestudio.bridge.machines.PoolInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The studio process as the holder of the machines it starts (docs/MACHINES.md): one runtime
 * per runtime name, opened at the first machine or pool on it and kept open, since an embedded
 * runtime's machines live only as long as it is open. {@link #close} removes every machine and
 * pool this studio made (a remote serve would otherwise keep them) and closes the runtimes.
 * Blocking methods: call them in the background. Thread-safe.
 */
public final class MachineHolder implements AutoCloseable {
  /** A machine or pool as listed, with the name of the runtime it is on. */
  public record Held<T>(String runtime, T info) {}

  /** What the panels show: every machine and pool of the open runtimes. */
  public record Snapshot(List<Held<MachineInfo>> machines, List<Held<PoolInfo>> pools) {
    public static final Snapshot EMPTY = new Snapshot(List.of(), List.of());
  }

  private final Map<String, Runtime> runtimes = new LinkedHashMap<>();
  /** Ids of the machines this studio started, by runtime name. */
  private final Set<Held<String>> started = ConcurrentHashMap.newKeySet();
  private final Set<Held<String>> pools = ConcurrentHashMap.newKeySet();
  private boolean closed;

  /** The machines of the runtime named {@code name}, opened from {@code source} the first time. */
  private Machines machinesOf(String name, RuntimeSource source) throws IOException {
    Runtime runtime;
    synchronized (this) {
      if (closed) {
        throw new IOException("the studio is closing; it starts no more machines");
      }
      runtime = runtimes.get(name);
    }
    if (runtime == null) {
      Runtime opened = source.open();
      synchronized (this) {
        runtime = runtimes.putIfAbsent(name, opened);
        if (runtime == null) {
          runtime = opened;
        } else {
          opened.close();
        }
      }
    }
    return runtime.machines();
  }

  private synchronized Machines openedMachines(String name) throws IOException {
    Runtime runtime = runtimes.get(name);
    if (runtime == null) {
      throw new IOException("the studio holds no machines on " + name);
    }
    return runtime.machines();
  }

  /** Starts a machine of {@code ref} on runtime {@code name} and waits until it is ready. */
  public MachineInfo start(String name, RuntimeSource source, String ref) throws IOException {
    MachineInfo m = machinesOf(name, source).create(MachineRequest.of(ref));
    started.add(new Held<>(name, m.id()));
    return m;
  }

  /** Removes machine {@code id} of runtime {@code name}; false when it was gone already. */
  public boolean stop(String name, String id) throws IOException {
    started.remove(new Held<>(name, id));
    return openedMachines(name).remove(id);
  }

  /** The machines of runtime {@code name}, for a console to run commands in. */
  public Machines machines(String name) throws IOException {
    return openedMachines(name);
  }

  /** Keeps {@code ready} machines of {@code ref} ready on runtime {@code name}, at most {@code max} (null: as many as fit). */
  public PoolInfo setPool(String name, RuntimeSource source, String ref, int ready, Integer max) throws IOException {
    PoolInfo p = machinesOf(name, source).setPool(ref, ready, max);
    pools.add(new Held<>(name, ref));
    return p;
  }

  public boolean removePool(String name, String ref) throws IOException {
    pools.remove(new Held<>(name, ref));
    return openedMachines(name).removePool(ref);
  }

  /** Whether this studio started machine {@code id} on runtime {@code name} (and has not stopped it). */
  public boolean started(String name, String id) {
    return started.contains(new Held<>(name, id));
  }

  /** Whether this studio set the pool of {@code ref} on runtime {@code name} (and has not removed it). */
  public boolean pooled(String name, String ref) {
    return pools.contains(new Held<>(name, ref));
  }

  /** Every machine and pool on the runtimes this studio opened. */
  public Snapshot snapshot() {
    Map<String, Runtime> open;
    synchronized (this) {
      open = new LinkedHashMap<>(runtimes);
    }
    List<Held<MachineInfo>> machines = new ArrayList<>();
    List<Held<PoolInfo>> poolList = new ArrayList<>();
    for (Map.Entry<String, Runtime> e : open.entrySet()) {
      try {
        Machines m = e.getValue().machines();
        m.list().forEach(i -> machines.add(new Held<>(e.getKey(), i)));
        m.pools().forEach(p -> poolList.add(new Held<>(e.getKey(), p)));
      } catch (IOException | RuntimeException ex) {
        // A remote runtime that stopped answering lists nothing until it answers again.
      }
    }
    return new Snapshot(List.copyOf(machines), List.copyOf(poolList));
  }

  /** Whether any runtime is open, so that there is something to watch. */
  public synchronized boolean isOpen() {
    return !runtimes.isEmpty();
  }

  /**
   * Removes the pools and machines this studio made, then closes its runtimes (which ends an
   * embedded runtime's machines in any case). Blocking.
   */
  @Override
  public void close() {
    Map<String, Runtime> open;
    synchronized (this) {
      closed = true;
      open = new LinkedHashMap<>(runtimes);
      runtimes.clear();
    }
    // Each machine takes seconds to stop (its processes killed, its files deleted): all at
    // once, so quitting waits for the slowest, not the sum.
    List<Thread> stopping = new ArrayList<>();
    for (Held<String> p : List.copyOf(pools)) {
      stopping.add(inBackground(() -> open.get(p.runtime()).machines().removePool(p.info())));
    }
    for (Held<String> m : List.copyOf(started)) {
      stopping.add(inBackground(() -> open.get(m.runtime()).machines().remove(m.info())));
    }
    for (Thread t : stopping) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    pools.clear();
    started.clear();
    open.values().forEach(Runtime::close);
  }

  private interface Step {
    Object run() throws IOException;
  }

  private static Thread inBackground(Step step) {
    Thread t = new Thread(() -> quietly(step), "machine-stop");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void quietly(Step step) {
    try {
      step.run();
    } catch (IOException | RuntimeException e) {
      // Gone already, or its runtime is unreachable: closing the runtime below is all that is left.
    }
  }
}
