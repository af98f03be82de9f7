package dev.templatestudio.bridge.embedded;

import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.BuildThreads;
import dev.templatestudio.bridge.build.CachePrediction;
import dev.templatestudio.bridge.build.EventLog;
import dev.templatestudio.bridge.build.FileHashCache;
import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.build.RuntimeUnavailableException;
import dev.templatestudio.bridge.build.SecretMasker;
import dev.templatestudio.bridge.build.TemplateInfo;
import dev.templatestudio.bridge.changes.FileChanges;
import dev.templatestudio.bridge.embedded.changes.LayerChanges;
import dev.templatestudio.bridge.build.HashReuse;
import dev.templatestudio.bridge.embedded.machine.Machine;
import dev.templatestudio.bridge.embedded.sandbox.ResourceLimits;
import dev.templatestudio.bridge.embedded.sandbox.Sandbox;
import dev.templatestudio.bridge.embedded.store.DiskBudget;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.template.Resources;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.BiConsumer;

/**
 * The embedded runtime: builds and runs templates in this process, on this Linux machine, in
 * overlay/namespace sandboxes, with a store on local disk. Each build runs on its own daemon
 * thread. Thread-safe.
 */
public final class EmbeddedRuntime implements Runtime {
  private static final SecureRandom RANDOM = new SecureRandom();
  /** As many context files as the studio remembers the hashes of. */
  private static final int HASHES_KEPT = 200_000;
  /** A file changed less than this before its stamp is read again next build (file times are coarse). */
  private static final long RACY_NANOS = 100_000_000L;
  private final Store store;
  private final ExecutorService executor;
  /** Machines of runs in progress: close stops them (see {@link #close}). */
  private final Set<Machine> machines = ConcurrentHashMap.newKeySet();
  private final int processLimit;
  private final long maxBuildDiskMb;
  private final String boundBy;
  /**
   * The hashes of the context files this runtime's builds copied, by stat stamp: a rebuild
   * after one file changed reads that file only. A long-lived engine keeps it between builds.
   */
  private final FileHashCache hashes = new FileHashCache(HASHES_KEPT, RACY_NANOS);
  /** Made on first use: a runtime that only builds starts no machine threads. */
  private HeldMachines held;
  private dev.templatestudio.bridge.machines.PooledMachines pooled;

  /** A runtime on {@code store} whose sandboxes may each have {@link ResourceLimits#DEFAULT_PROCESSES}. */
  public EmbeddedRuntime(Store store) {
    this(store, ResourceLimits.DEFAULT_PROCESSES);
  }

  /**
   * A runtime on {@code store} whose sandboxes (each step, each machine) may each have
   * {@code processLimit} processes and threads at once; one more fork fails, and a step that
   * reaches the limit is stopped.
   */
  public EmbeddedRuntime(Store store, int processLimit) {
    this(store, processLimit, 0, null);
  }

  /**
   * A runtime whose builds may each add at most {@code maxBuildDiskMb} MB to the store (0: no
   * bound); {@code boundBy} names what set it in the sentence of a build that goes past it,
   * such as {@code serve --max-build-disk-mb}.
   */
  public EmbeddedRuntime(Store store, long maxBuildDiskMb, String boundBy) {
    this(store, ResourceLimits.DEFAULT_PROCESSES, maxBuildDiskMb, boundBy);
  }

  private EmbeddedRuntime(Store store, int processLimit, long maxBuildDiskMb, String boundBy) {
    if (processLimit < 1) {
      throw new IllegalArgumentException("a process limit must be positive");
    }
    this.processLimit = processLimit;
    this.maxBuildDiskMb = maxBuildDiskMb;
    this.boundBy = boundBy;
    this.store = store;
    this.executor = BuildThreads.pool("embedded-build-");
  }

  public Store store() {
    return store;
  }

  @Override
  public String describe() {
    return "embedded";
  }

  /**
   * Starts a build on its own thread and returns at once.
   *
   * @throws dev.templatestudio.bridge.build.RuntimeUnavailableException when the sandbox
   *     cannot work on this machine
   */
  @Override
  public BuildHandle build(BuildRequest request) throws IOException {
    Sandbox sandbox = Sandbox.detect();
    String id = newBuildId();
    // A long build's older events go to the store's disk, not to memory or a RAM-backed /tmp.
    EventLog log = new EventLog(id, new SecretMasker(request.secretValues().values()), store.root().resolve("spill"));
    EmbeddedBuild build = new EmbeddedBuild(store, sandbox, request, log, processLimit,
        DiskBudget.ofMb(maxBuildDiskMb, boundBy), new HashReuse(hashes, null));
    executor.execute(build);
    return build;
  }

  /** How many context files this runtime's builds read to hash them, since it was made. */
  long contextFilesHashed() {
    return hashes.computed();
  }

  /** Read from this runtime's store: the layers of its builds are there. */
  @Override
  public FileChanges fileChanges() {
    return new LayerChanges(store);
  }

  /**
   * What a build of {@code request} would do with this store's cache now: the base and each
   * step a hit or a miss with the build's reason, without building, pulling or writing anything;
   * empty for a template with build stages, copies from a stage or image, RUN mounts or downloads.
   */
  @Override
  public Optional<CachePrediction> predict(BuildRequest request, HashReuse reuse) throws IOException {
    if (!CachePredictor.predicts(request.template())) {
      return Optional.empty();
    }
    return Optional.of(new CachePredictor(store).predict(request, reuse));
  }

  @Override
  public List<TemplateInfo> templates() throws IOException {
    return store.templates().list();
  }

  /**
   * Starts a machine from template {@code ref} ({@code name}, {@code name:tag} or
   * {@code name@sha256:…}) within the template's resources, or those {@code resources} gives
   * (null: none given), waits for its start command to be ready, runs {@code command} in it
   * with the runtime envs, reading {@code stdin}, and stops it. Blocks the calling thread
   * throughout.
   *
   * @return the command's exit code
   * @throws IOException also when the command failed because the machine ran out of memory
   */
  @Override
  public int run(String ref, List<String> command, InputStream stdin, Resources resources,
      BiConsumer<String, String> output) throws IOException {
    return new MachineRunner(store, Sandbox.detect(), machines, processLimit).run(ref, command, stdin, resources, output::accept);
  }

  @Override
  public int run(String ref, List<String> command, InputStream stdin, BiConsumer<String, String> output)
      throws IOException {
    return run(ref, command, stdin, null, output);
  }

  @Override
  public int run(String ref, List<String> command, BiConsumer<String, String> output) throws IOException {
    return run(ref, command, null, output);
  }

  /**
   * Stops taking builds and stops held machines and the machines of runs in progress, deleting their files: the
   * CLI closes the runtime from its Ctrl+C hook, as the thread that runs them is not unwound
   * when the JVM exits. Thread-safe.
   */
  @Override
  public synchronized dev.templatestudio.bridge.machines.Machines machines() throws RuntimeUnavailableException {
    if (held == null) {
      try {
        held = new HeldMachines(store, Sandbox.detect(), processLimit);
      } catch (RuntimeUnavailableException e) {
        throw e;
      } catch (IOException e) {
        throw new RuntimeUnavailableException("cannot hold machines on the store " + store.root() + ": " + e.getMessage());
      }
      pooled = new dev.templatestudio.bridge.machines.PooledMachines(held);
    }
    return pooled;
  }

  /**
   * Sets again the warm pools this holder kept in {@code file} before it stopped, and keeps
   * every pool set or removed from now on there: what {@code serve} does, so its pools
   * outlive its restart (the studio's end with it).
   *
   * @return a sentence for each kept pool that could not be set again
   */
  public List<String> keepPools(java.nio.file.Path file) throws IOException {
    machines();
    dev.templatestudio.bridge.machines.PooledMachines p;
    synchronized (this) {
      p = pooled;
    }
    return p.restoreAndKeep(file);
  }

  @Override
  public void close() {
    executor.shutdown();
    HeldMachines h;
    dev.templatestudio.bridge.machines.PooledMachines p;
    synchronized (this) {
      h = held;
      p = pooled;
    }
    if (p != null) {
      p.close();
    }
    if (h != null) {
      h.close();
    }
    for (Machine machine : List.copyOf(machines)) {
      try {
        machine.close();
      } catch (IOException e) {
        // Its processes are killed; files left behind are deleted as stale by the next build.
      }
    }
  }

  private static String newBuildId() {
    // Time first, so ids sort by start; random after, so two builds in one millisecond differ.
    return Long.toString(System.currentTimeMillis(), 36) + "-" + Integer.toString(RANDOM.nextInt(1 << 30), 36);
  }
}
