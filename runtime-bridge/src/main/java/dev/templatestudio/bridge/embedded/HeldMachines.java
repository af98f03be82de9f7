package dev.templatestudio.bridge.embedded;

import dev.templatestudio.bridge.build.UnknownTemplateException;
import dev.templatestudio.bridge.embedded.sandbox.Sandbox;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.embedded.store.StoreGate;
import dev.templatestudio.bridge.machines.MachineInfo;
import dev.templatestudio.bridge.machines.MachineRequest;
import dev.templatestudio.bridge.machines.Machines;
import dev.templatestudio.bridge.machines.UnknownMachineException;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;

/**
 * The embedded runtime's machines that outlive a command: each held by its own thread in this
 * process until removed, timed out, or this holder closes. While any machine lives, the store
 * is held shared, so a {@code prune --all} never takes its layers. The processes of a machine
 * end with this process (the sandbox's parent-death signal), so a restarted holder has no
 * machines and stale work dirs are deleted by the store as for any crashed step. Thread-safe.
 */
final class HeldMachines implements Machines, AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();
  /** What a pool counts for a machine without a memory limit, to say how many fit. */
  static final long UNLIMITED_MACHINE_MB = 64;
  private final Store store;
  private final Sandbox sandbox;
  private final int processLimit;
  private final Map<String, HeldMachine> machines = new ConcurrentHashMap<>();
  private final Map<String, StoreGate.Hold> holds = new ConcurrentHashMap<>();
  /**
   * Takes and lets go of the machines' holds of the store: a hold is let go on the thread that
   * took it (its read lock is that thread's), and a machine is made on its caller's thread but
   * ends on its own.
   */
  private final ExecutorService gateThread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "machine-store-holds");
    t.setDaemon(true);
    return t;
  });
  private final HolderRecords records;

  /** Ends the orphans of holders of this store that died (see {@link HolderRecords}) first. */
  HeldMachines(Store store, Sandbox sandbox, int processLimit) throws IOException {
    this.store = store;
    this.sandbox = sandbox;
    this.processLimit = processLimit;
    this.records = HolderRecords.open(store.root());
  }

  @Override
  public MachineInfo create(MachineRequest request) throws IOException {
    String id = HexFormat.of().formatHex(bytes());
    StoreGate.Hold hold = holdStore();
    HeldMachine machine;
    try {
      MachineImage image = MachineImage.load(store, request.ref(), request.resources(), processLimit);
      machine = new HeldMachine(id, request, image, store, sandbox, records, () -> forget(id));
      holds.put(id, hold);
      machines.put(id, machine);
    } catch (IOException | RuntimeException e) {
      letGo(hold);
      throw e;
    }
    try {
      machine.startAndAwait();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      remove(id);
      throw new IOException("interrupted while machine " + id + " started; it was removed");
    }
    if (!MachineInfo.READY.equals(machine.state())) {
      remove(id);
      throw new IOException(machine.message() == null ? "the machine stopped before it was ready" : machine.message());
    }
    return machine.info();
  }

  private StoreGate.Hold holdStore() throws IOException {
    try {
      return gateThread.submit(() -> StoreGate.shared(store.root(), () -> { })).get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the store");
    }
  }

  private void letGo(StoreGate.Hold hold) {
    try {
      gateThread.execute(hold::close);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // Closed while this machine's thread still ran: the store stays held until the JVM ends.
    }
  }

  private static byte[] bytes() {
    byte[] b = new byte[6];
    RANDOM.nextBytes(b);
    return b;
  }

  private void forget(String id) {
    machines.remove(id);
    StoreGate.Hold hold = holds.remove(id);
    if (hold != null) {
      letGo(hold);
    }
  }

  @Override
  public List<MachineInfo> list() {
    return machines.values().stream().map(HeldMachine::info)
        .sorted(Comparator.comparing(MachineInfo::createdAt).thenComparing(MachineInfo::id)).toList();
  }

  @Override
  public Optional<MachineInfo> info(String id) {
    return Optional.ofNullable(machines.get(id)).map(HeldMachine::info);
  }

  @Override
  public Optional<String> state(String id) {
    return Optional.ofNullable(machines.get(id)).map(HeldMachine::state);
  }

  @Override
  public void warm(String id) throws InterruptedException {
    HeldMachine m = machines.get(id);
    if (m != null) {
      m.warm();
    }
  }

  private HeldMachine get(String id) throws UnknownMachineException {
    HeldMachine m = machines.get(id);
    if (m == null) {
      throw new UnknownMachineException(id);
    }
    return m;
  }

  @Override
  public int exec(String id, List<String> command, InputStream stdin, BiConsumer<String, String> output)
      throws IOException, InterruptedException {
    return get(id).exec(command, stdin, output);
  }

  @Override
  public void logs(String id, long from, boolean follow, LogLineConsumer consumer)
      throws IOException, InterruptedException {
    get(id).logs(from, follow, consumer);
  }

  @Override
  public boolean remove(String id) throws IOException {
    HeldMachine m = machines.get(id);
    if (m == null) {
      return false;
    }
    try {
      m.remove();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while machine " + id + " stopped");
    }
    return true;
  }

  @Override
  public String resolve(String ref) throws IOException {
    return store.templates().resolve(ref).map(r -> r.ref()).orElseThrow(() -> new UnknownTemplateException(
        "template \"" + ref + "\" is not in the store " + store.root() + "; template-studio templates lists what is there"));
  }

  /**
   * The memory this machine has free now over what one machine of {@code ref} may use: its
   * memory limit, or {@link #UNLIMITED_MACHINE_MB} for a machine without one.
   */
  @Override
  public int capacity(String ref) throws IOException {
    MachineImage image = MachineImage.load(store, ref, null, processLimit);
    long each = image.limits().memoryMb() != null ? image.limits().memoryMb() : UNLIMITED_MACHINE_MB;
    return (int) Math.min(Integer.MAX_VALUE, HostMemory.availableMb() / Math.max(1, each));
  }

  /**
   * Removes every machine: all are asked to stop at once, then awaited, so closing waits for the
   * slowest, not the sum. The store is let go once their threads have ended.
   */
  @Override
  public void close() {
    List<HeldMachine> all = List.copyOf(machines.values());
    all.forEach(HeldMachine::askToStop);
    for (HeldMachine m : all) {
      try {
        m.remove();
      } catch (InterruptedException e) {
        // The machines' own threads still close them.
        Thread.currentThread().interrupt();
        break;
      }
    }
    // Lets go of what is queued, then the thread ends; a machine whose thread had not ended
    // above lets go of its hold when the thread is gone with the JVM.
    gateThread.shutdown();
  }
}
