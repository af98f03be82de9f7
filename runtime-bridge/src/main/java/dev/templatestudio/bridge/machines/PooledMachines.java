package dev.templatestudio.bridge.machines;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Machines with warm pools: {@link #create} hands out a ready machine of the pool of its ref at
 * once, and without one does what the request's {@link Fallback} says. Everything else is the
 * holder's own. A holder that outlives restarts ({@code serve}) keeps the pools' settings in a
 * file ({@link #restoreAndKeep}); closing ends the pools but keeps their settings. Thread-safe.
 */
public final class PooledMachines implements Machines, AutoCloseable {
  /** How long {@code --fallback wait} waits for the pool before it gives up in one sentence. */
  static final long WAIT_MILLIS = TimeUnit.MINUTES.toMillis(5);
  private final Machines holder;
  private final Map<String, WarmPool> pools = new ConcurrentHashMap<>();
  private final Map<String, PoolSettings.Setting> settings = new ConcurrentHashMap<>();
  /** Where the settings are kept; null: nowhere (the studio's pools end with it for good). */
  private Path kept;

  public PooledMachines(Machines holder) {
    this.holder = holder;
  }

  @Override
  public MachineInfo create(MachineRequest request) throws IOException {
    WarmPool pool = pools.get(request.ref());
    if (pool == null || !request.plain()) {
      return holder.create(request);
    }
    Optional<MachineInfo> ready = pool.take();
    if (ready.isPresent()) {
      return ready.get();
    }
    Fallback fallback = request.fallback() == null ? Fallback.COLD : request.fallback();
    switch (fallback) {
      case FAIL -> {
        PoolInfo now = pool.info();
        throw new IOException("the warm pool of " + request.ref() + " has no ready machine (" + now.starting()
            + " starting, " + now.inUse() + " in use" + (now.lastError() == null ? "" : "; last start failed: "
            + now.lastError()) + "); create with --fallback wait or cold");
      }
      case WAIT -> {
        try {
          return pool.take(WAIT_MILLIS).orElseThrow(() -> new IOException("the warm pool of " + request.ref()
              + " gave no ready machine in " + TimeUnit.MILLISECONDS.toSeconds(WAIT_MILLIS) + " s"
              + (pool.info().lastError() == null ? "" : "; last start failed: " + pool.info().lastError())));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting for the warm pool of " + request.ref());
        }
      }
      default -> {
        return holder.create(request);
      }
    }
  }

  @Override
  public synchronized PoolInfo setPool(String ref, int ready, Integer max) throws IOException {
    if (ready < 0 || (max != null && max < ready)) {
      throw new IOException("a pool keeps 0 or more ready machines and at most --max, which cannot be below --ready");
    }
    String builds = holder.resolve(ref);
    int can = holder.capacity(builds);
    if (ready > can) {
      throw new IOException("this machine can hold " + can + " machines of " + ref + " (by its free memory and "
          + "each machine's memory limit), not " + ready + "; ask for --ready " + can + " or less");
    }
    int bound = max == null ? Math.max(ready, can) : max;
    WarmPool pool = pools.get(ref);
    if (pool == null) {
      pool = new WarmPool(holder, ref, ready, bound);
      pools.put(ref, pool);
      pool.start();
    } else {
      pool.resize(ready, bound);
    }
    settings.put(ref, new PoolSettings.Setting(ref, ready, max));
    save(ref);
    return pool.info();
  }

  /**
   * Sets again the pools kept in {@code file} (by this holder before it stopped), then keeps
   * every change there (written atomically).
   *
   * @return a sentence for each pool that could not be set again (its ref is gone, it no longer
   *     fits), which is then no longer kept
   */
  public synchronized List<String> restoreAndKeep(Path file) throws IOException {
    List<String> problems = new ArrayList<>();
    List<PoolSettings.Setting> saved;
    try {
      saved = PoolSettings.read(file);
    } catch (IOException e) {
      saved = List.of();
      problems.add("the warm pools kept in " + file + " were not restored: " + e.getMessage());
    }
    for (PoolSettings.Setting s : saved) {
      try {
        setPool(s.ref(), s.ready(), s.max());
      } catch (IOException e) {
        problems.add("the warm pool of " + s.ref() + " was not restored: " + e.getMessage());
      }
    }
    kept = file;
    PoolSettings.write(file, settings.values());
    return problems;
  }

  private void save(String ref) throws IOException {
    if (kept == null) {
      return;
    }
    try {
      PoolSettings.write(kept, settings.values());
    } catch (IOException e) {
      throw new IOException("the pool of " + ref + " is changed but not kept for a restart: " + e.getMessage(), e);
    }
  }

  @Override
  public List<PoolInfo> pools() {
    return pools.values().stream().map(WarmPool::info).sorted(java.util.Comparator.comparing(PoolInfo::ref)).toList();
  }

  @Override
  public boolean removePool(String ref) throws IOException {
    WarmPool pool;
    IOException unsaved = null;
    synchronized (this) {
      pool = pools.remove(ref);
      if (pool == null) {
        return false;
      }
      settings.remove(ref);
      try {
        save(ref);
      } catch (IOException e) {
        unsaved = e;
      }
    }
    pool.close();
    if (unsaved != null) {
      throw unsaved;
    }
    return true;
  }

  @Override
  public List<MachineInfo> list() {
    return holder.list();
  }

  @Override
  public Optional<MachineInfo> info(String id) {
    return holder.info(id);
  }

  @Override
  public Optional<String> state(String id) {
    return holder.state(id);
  }

  @Override
  public int exec(String id, List<String> command, InputStream stdin, BiConsumer<String, String> output)
      throws IOException, InterruptedException {
    return holder.exec(id, command, stdin, output);
  }

  @Override
  public void logs(String id, long from, boolean follow, LogLineConsumer consumer)
      throws IOException, InterruptedException {
    holder.logs(id, from, follow, consumer);
  }

  @Override
  public boolean remove(String id) throws IOException {
    boolean removed = holder.remove(id);
    pools.values().forEach(p -> p.released(id));
    return removed;
  }

  @Override
  public String resolve(String ref) throws IOException {
    return holder.resolve(ref);
  }

  @Override
  public int capacity(String ref) throws IOException {
    return holder.capacity(ref);
  }

  /**
   * Removes every pool and its idle machines, all pools at once; their settings stay kept, for
   * the holder's restart.
   */
  @Override
  public void close() {
    List<AllAtOnce.Step> closing = new ArrayList<>();
    for (String ref : List.copyOf(pools.keySet())) {
      WarmPool pool = pools.remove(ref);
      if (pool != null) {
        closing.add(pool::close);
      }
    }
    AllAtOnce.run("pool-close", closing);
  }
}
