package dev.templatestudio.bridge.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What each holder of machines on a store holds, on disk, so that a holder that died is cleaned
 * up after: {@code held/HOLDERPID-START/MACHINE} in the store names the host pid and start time
 * of a machine's outermost sandbox process. A new holder ends the machines of every holder
 * whose process is gone (its orphans, which the parent-death signal should already have ended)
 * and deletes their records. A pid reused since is told apart by its start time. Thread-safe.
 */
final class HolderRecords {
  private final Path dir;

  private HolderRecords(Path dir) {
    this.dir = dir;
  }

  /** This process's records in {@code storeRoot}, after ending the orphans of holders that are gone. */
  static HolderRecords open(Path storeRoot) throws IOException {
    Path all = Files.createDirectories(storeRoot.resolve("held"));
    endOrphans(all);
    ProcessHandle self = ProcessHandle.current();
    return new HolderRecords(Files.createDirectories(all.resolve(name(self.pid(), start(self)))));
  }

  /** Ends the machines recorded by holders that no longer run; returns how many processes it killed. */
  static int endOrphans(Path all) throws IOException {
    int killed = 0;
    List<Path> holders;
    try (var s = Files.list(all)) {
      holders = s.toList();
    }
    for (Path holder : holders) {
      if (running(holder.getFileName().toString())) {
        continue;
      }
      try {
        killed += endHolder(holder);
      } catch (IOException e) {
        // Another holder that started at the same time cleans it, or a stray file: not ours to stop on.
      }
    }
    return killed;
  }

  private static int endHolder(Path holder) throws IOException {
    int killed = 0;
    List<Path> machines;
    try (var s = Files.list(holder)) {
      machines = s.toList();
    }
    for (Path m : machines) {
      String record;
      try {
        record = Files.readString(m).strip();
      } catch (IOException gone) {
        continue;
      }
      Optional<ProcessHandle> p = live(record);
      if (p.isPresent() && p.get().destroyForcibly()) {
        killed++;
      }
      Files.deleteIfExists(m);
    }
    Files.deleteIfExists(holder);
    return killed;
  }

  void add(String machineId, long pid) {
    ProcessHandle.of(pid).ifPresent(p -> {
      try {
        Files.writeString(dir.resolve(machineId), name(pid, start(p)));
      } catch (IOException e) {
        // Unrecorded, the machine still ends with this process by its parent-death signal.
      }
    });
  }

  void remove(String machineId) {
    try {
      Files.deleteIfExists(dir.resolve(machineId));
    } catch (IOException e) {
      // A stale record names a process that is gone: the next holder only deletes it.
    }
  }

  static String name(long pid, String start) {
    return pid + "-" + start;
  }

  /**
   * When {@code p} started, in clock ticks since boot ({@code /proc/PID/stat}, field 22): unlike
   * a wall-clock start, it does not move when the clock is set, so a live holder is never taken
   * for a dead one.
   */
  static String start(ProcessHandle p) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
      String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return after[19];
    } catch (IOException | RuntimeException e) {
      return "0";
    }
  }

  private static boolean running(String record) {
    return live(record).isPresent();
  }

  /** The process a {@code PID-START} record names, when it still runs (the same one, not a reused pid). */
  private static Optional<ProcessHandle> live(String record) {
    String[] f = record.split("-", 2);
    if (f.length != 2 || !f[0].matches("\\d{1,10}")) {
      return Optional.empty();
    }
    return ProcessHandle.of(Long.parseLong(f[0])).filter(ProcessHandle::isAlive)
        .filter(p -> start(p).equals(f[1]));
  }
}
