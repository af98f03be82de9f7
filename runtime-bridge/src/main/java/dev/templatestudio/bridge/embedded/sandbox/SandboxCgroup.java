package dev.templatestudio.bridge.embedded.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The cgroup of one sandbox: a dir in each hierarchy that has one of its controllers (one dir
 * in a v2 tree; up to three v1 dirs), its limits written before any process joins. The sandbox's
 * init joins it by writing to {@link #procsFiles}, so everything the command starts is inside.
 * Counts what the kernel did at the limits (OOM kills, refused forks) and is removed when the
 * sandbox has ended. Thread-safe.
 */
final class SandboxCgroup {
  /** The CFS period: a quota of {@code cpus} times this per period is {@code cpus} CPUs. */
  static final long CPU_PERIOD_MICROS = 100_000;
  private final Map<String, CgroupMounts.Hierarchy> controllers;
  private final Map<CgroupMounts.Hierarchy, Path> dirs;
  private final ResourceLimits limits;

  private SandboxCgroup(Map<String, CgroupMounts.Hierarchy> controllers, Map<CgroupMounts.Hierarchy, Path> dirs,
      ResourceLimits limits) {
    this.controllers = controllers;
    this.dirs = dirs;
    this.limits = limits;
  }

  /**
   * Makes cgroup {@code name} under each hierarchy's dir in {@code parents} and writes
   * {@code limits} into it; on failure removes what it made.
   *
   * @throws IOException with a sentence naming the limit and the file that refused it
   */
  static SandboxCgroup create(Map<String, CgroupMounts.Hierarchy> controllers,
      Map<CgroupMounts.Hierarchy, Path> parents, String name, ResourceLimits limits) throws IOException {
    Map<CgroupMounts.Hierarchy, Path> dirs = new LinkedHashMap<>();
    SandboxCgroup made = new SandboxCgroup(controllers, dirs, limits);
    try {
      // Also without a cpus limit the sandbox has a cpu cgroup: the scheduler then shares CPU
      // time between it and the host's other tasks as one task, so thousands of processes in
      // it (a fork bomb at its process limit) do not starve the host.
      for (CgroupMounts.Hierarchy h : new LinkedHashSet<>(controllers.values())) {
        dirs.put(h, Files.createDirectory(parents.get(h).resolve(name)));
      }
      made.writeLimits();
      return made;
    } catch (IOException e) {
      made.remove();
      throw e;
    }
  }

  private void writeLimits() throws IOException {
    if (limits.memoryMb() != null && controllers.containsKey("memory")) {
      Path dir = dir("memory");
      String bytes = Long.toString(limits.memoryMb() * 1024L * 1024L);
      if (version("memory") == 2) {
        write(dir, "memory.max", bytes, "memory");
        // No swap on top: a sandbox out of memory is stopped, not slowed to a crawl.
        writeIfPresent(dir, "memory.swap.max", "0", "memory");
      } else {
        write(dir, "memory.limit_in_bytes", bytes, "memory");
        writeIfPresent(dir, "memory.memsw.limit_in_bytes", bytes, "memory");
      }
    }
    if (limits.cpus() != null && controllers.containsKey("cpu")) {
      Path dir = dir("cpu");
      String quota = Long.toString(limits.cpus() * CPU_PERIOD_MICROS);
      if (version("cpu") == 2) {
        write(dir, "cpu.max", quota + " " + CPU_PERIOD_MICROS, "cpus");
      } else {
        write(dir, "cpu.cfs_period_us", Long.toString(CPU_PERIOD_MICROS), "cpus");
        write(dir, "cpu.cfs_quota_us", quota, "cpus");
      }
    }
    if (controllers.containsKey("pids")) {
      write(dir("pids"), "pids.max", Integer.toString(limits.processes()), "process");
    }
  }

  /** The {@code cgroup.procs} files a process writes {@code 0} to, to join this cgroup. */
  List<String> procsFiles() {
    return dirs.values().stream().map(d -> d.resolve("cgroup.procs").toString()).toList();
  }

  /** This cgroup's dir of {@code controller}'s hierarchy, or null when it has none. */
  Path dir(String controller) {
    CgroupMounts.Hierarchy h = controllers.get(controller);
    return h == null ? null : dirs.get(h);
  }

  /** Processes the kernel killed because the cgroup was out of memory (0 when unknown). */
  long oomKills() {
    Path dir = dir("memory");
    if (dir == null) {
      return 0;
    }
    return counter(dir.resolve(version("memory") == 2 ? "memory.events" : "memory.oom_control"), "oom_kill");
  }

  /** Forks the kernel refused because the cgroup had its limit of processes (0 when unknown). */
  long processLimitHits() {
    Path dir = dir("pids");
    return dir == null ? 0 : counter(dir.resolve("pids.events"), "max");
  }

  /**
   * Removes the cgroup's dirs once its processes are gone (the sandbox ended: they die with its
   * pid namespace, a moment after its init), killing stragglers after a second. A dir that
   * cannot be removed is left for the next start's cleanup of stale cgroups.
   */
  void remove() {
    for (Path dir : new ArrayList<>(dirs.values())) {
      removeDir(dir);
    }
  }

  /** Removes one sandbox cgroup dir, as above; false when it stays. */
  static boolean removeDir(Path dir) {
    long start = System.nanoTime();
    boolean killed = false;
    while (true) {
      try {
        Files.deleteIfExists(dir);
        return true;
      } catch (IOException busy) {
        long waited = System.nanoTime() - start;
        if (waited > TimeUnit.SECONDS.toNanos(3)) {
          return false;
        }
        if (!killed && waited > TimeUnit.SECONDS.toNanos(1)) {
          killed = true;
          killAll(dir);
        }
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
  }

  /** Kills every process in cgroup {@code dir}. */
  static void killAll(Path dir) {
    try {
      for (String pid : Files.readAllLines(dir.resolve("cgroup.procs"))) {
        if (!pid.isBlank()) {
          ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Gone already, or not a cgroup: nothing to kill.
    }
  }

  private int version(String controller) {
    return controllers.get(controller).version();
  }

  private static void write(Path dir, String file, String value, String limit) throws IOException {
    try {
      Files.writeString(dir.resolve(file), value);
    } catch (IOException e) {
      throw new IOException("the " + limit + " limit cannot be set in " + dir.resolve(file) + " ("
          + Cgroups.reason(e) + ")", e);
    }
  }

  private static void writeIfPresent(Path dir, String file, String value, String limit) throws IOException {
    if (Files.exists(dir.resolve(file))) {
      write(dir, file, value, limit);
    }
  }

  /** The value of {@code key} in a flat keyed file ({@code oom_kill 3}), 0 when absent. */
  private static long counter(Path file, String key) {
    try {
      for (String line : Files.readAllLines(file)) {
        String[] f = line.trim().split("\\s+");
        if (f.length == 2 && f[0].equals(key)) {
          return Long.parseLong(f[1]);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Removed, or a kernel without the counter: nothing known.
    }
    return 0;
  }
}
