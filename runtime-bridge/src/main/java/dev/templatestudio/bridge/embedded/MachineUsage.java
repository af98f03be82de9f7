package dev.templatestudio.bridge.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CPU time and resident memory of a machine's processes now: its init and all its
 * descendants, from {@code /proc}, so it needs no cgroup controller. Immutable.
 */
record MachineUsage(double cpuSeconds, long memoryBytes) {
  /** Linux's USER_HZ, the unit of utime and stime in /proc/PID/stat, on every architecture. */
  private static final double TICKS_PER_SECOND = 100.0;
  private static final long PAGE_BYTES = 4096;

  static MachineUsage of(long initPid) {
    if (initPid <= 0) {
      return new MachineUsage(0, 0);
    }
    Map<Long, List<Long>> children = new HashMap<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      procs.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit)).forEach(n -> {
        String[] stat = stat(Long.parseLong(n));
        if (stat != null) {
          children.computeIfAbsent(Long.parseLong(stat[1]), k -> new ArrayList<>()).add(Long.parseLong(n));
        }
      });
    } catch (IOException e) {
      return new MachineUsage(0, 0);
    }
    long ticks = 0;
    long pages = 0;
    Deque<Long> todo = new ArrayDeque<>(List.of(initPid));
    while (!todo.isEmpty()) {
      long pid = todo.pop();
      String[] stat = stat(pid);
      if (stat != null) {
        // After "(comm)": state ppid … utime(12) stime(13) … rss(22), counted from state = 0.
        ticks += Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
        pages += Long.parseLong(stat[21]);
      }
      todo.addAll(children.getOrDefault(pid, List.of()));
    }
    return new MachineUsage(ticks / TICKS_PER_SECOND, pages * PAGE_BYTES);
  }

  /** The fields of /proc/PID/stat after the command name, or null when the process is gone. */
  private static String[] stat(long pid) {
    try {
      String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return s.substring(s.lastIndexOf(')') + 2).split(" ");
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
