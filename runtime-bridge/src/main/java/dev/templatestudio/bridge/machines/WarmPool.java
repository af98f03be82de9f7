package dev.templatestudio.bridge.machines;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One template's warm pool: ready machines kept for it, refilled in the background by its own
 * thread, which also follows the ref (a tag moved to a new build: the idle machines of the old
 * one are removed and new ones started). A start that fails backs off, 1 s doubling to 60 s,
 * instead of looping. Thread-safe.
 */
final class WarmPool {
  private static final long MAX_BACKOFF_SECONDS = 60;
  private final Machines machines;
  private final String ref;
  private final Deque<MachineInfo> idle = new ArrayDeque<>();
  private final Set<String> inUse = new HashSet<>();
  private final Thread refiller;
  private int ready;
  private int max;
  private int starting;
  private String builds;
  private String lastError;
  private long retryAt;
  private long backoffSeconds;
  private boolean closed;

  WarmPool(Machines machines, String ref, int ready, int max) {
    this.machines = machines;
    this.ref = ref;
    this.ready = ready;
    this.max = max;
    this.refiller = new Thread(this::refill, "pool-" + ref);
    refiller.setDaemon(true);
  }

  void start() {
    refiller.start();
  }

  synchronized void resize(int newReady, int newMax) {
    ready = newReady;
    max = newMax;
    notifyAll();
  }

  synchronized PoolInfo info() {
    Long retry = lastError == null ? null : Math.max(0, TimeUnit.MILLISECONDS.toSeconds(retryAt - System.currentTimeMillis()));
    return new PoolInfo(ref, builds, ready, max, idle.size(), starting, inUse.size(), lastError, retry);
  }

  /** A ready machine, taken out of the pool (the pool refills), or empty when none is ready. */
  synchronized Optional<MachineInfo> take() {
    MachineInfo m = idle.pollFirst();
    // A machine whose start command ended while it waited is gone from its holder: skip it.
    while (m != null && !machines.state(m.id()).map(MachineInfo.READY::equals).orElse(false)) {
      m = idle.pollFirst();
    }
    if (m != null) {
      inUse.add(m.id());
      notifyAll();
    }
    return Optional.ofNullable(m);
  }

  /** As {@link #take}, waiting up to {@code millis} for one. */
  synchronized Optional<MachineInfo> take(long millis) throws InterruptedException {
    long until = System.currentTimeMillis() + millis;
    while (idle.isEmpty() && !closed && System.currentTimeMillis() < until) {
      wait(Math.max(1, until - System.currentTimeMillis()));
    }
    return take();
  }

  /** A machine handed out by this pool was removed: it no longer counts against max. */
  synchronized void released(String id) {
    if (inUse.remove(id)) {
      notifyAll();
    }
  }

  /** Stops refilling and removes the idle machines, all at once (those handed out stay their users'). */
  void close() {
    Deque<MachineInfo> drop;
    synchronized (this) {
      closed = true;
      drop = new ArrayDeque<>(idle);
      idle.clear();
      notifyAll();
    }
    refiller.interrupt();
    removeAll(drop);
  }

  private void removeAll(Deque<MachineInfo> gone) {
    AllAtOnce.run("pool-remove-" + ref, gone.stream().<AllAtOnce.Step>map(m -> () -> machines.remove(m.id())).toList());
  }

  private void refill() {
    try {
      while (true) {
        String target = follow();
        synchronized (this) {
          while (!closed && (starting + idle.size() >= ready || starting + idle.size() + inUse.size() >= max
              || System.currentTimeMillis() < retryAt)) {
            wait(retryAt > System.currentTimeMillis() ? retryAt - System.currentTimeMillis() : 1000);
            if (!closed && target != null && !target.equals(resolveQuietly())) {
              break;
            }
          }
          if (closed) {
            return;
          }
          if (starting + idle.size() >= ready || starting + idle.size() + inUse.size() >= max
              || System.currentTimeMillis() < retryAt) {
            continue;
          }
          starting++;
        }
        startOne(target);
      }
    } catch (InterruptedException e) {
      // Closed.
    }
  }

  /** Resolves the ref; when it names a new build, removes the idle machines of the old one. */
  private String follow() throws InterruptedException {
    String now = resolveQuietly();
    Deque<MachineInfo> drained = new ArrayDeque<>();
    synchronized (this) {
      // Machines handed out and since removed by any means no longer count against max.
      inUse.removeIf(id -> machines.state(id).isEmpty());
      if (now != null && builds != null && !now.equals(builds)) {
        drained.addAll(idle);
        idle.clear();
      }
      if (now != null) {
        builds = now;
      }
    }
    removeAll(drained);
    return now;
  }

  private String resolveQuietly() {
    try {
      return machines.resolve(ref);
    } catch (IOException e) {
      return null;
    }
  }

  private void startOne(String target) {
    MachineInfo made = null;
    String error = null;
    try {
      made = machines.create(MachineRequest.of(target == null ? ref : target));
      machines.warm(made.id());
    } catch (IOException | RuntimeException e) {
      error = e.getMessage();
    } catch (InterruptedException e) {
      // Closed while it warmed: the machine is dropped below.
      Thread.currentThread().interrupt();
    }
    boolean drop;
    synchronized (this) {
      starting--;
      drop = closed || (made != null && builds != null && !builds.equals(target));
      if (made != null && !drop) {
        idle.addLast(made);
        lastError = null;
        backoffSeconds = 0;
        retryAt = 0;
      } else if (made == null) {
        lastError = error;
        backoffSeconds = backoffSeconds == 0 ? 1 : Math.min(MAX_BACKOFF_SECONDS, backoffSeconds * 2);
        retryAt = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(backoffSeconds);
      }
      notifyAll();
    }
    if (drop && made != null) {
      try {
        machines.remove(made.id());
      } catch (IOException e) {
        // Its own thread still ends it.
      }
    }
  }
}
