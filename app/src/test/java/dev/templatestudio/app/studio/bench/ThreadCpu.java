package dev.templatestudio.app.studio.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The CPU time of this JVM's threads (Java, JIT and GC threads alike), read from
 * /proc/self/task, grouped by name without the number: which threads a stream kept busy.
 */
final class ThreadCpu {
  /** Clock ticks per second of /proc's times: 100 on Linux. */
  private static final double TICK_MS = 10;
  private final Map<String, Long> ticks;

  private ThreadCpu(Map<String, Long> ticks) {
    this.ticks = ticks;
  }

  static ThreadCpu now() {
    Map<String, Long> ticks = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      tasks.forEach(t -> {
        try {
          String stat = Files.readString(t.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[#0-9 -]+$", "");
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          ticks.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
        } catch (IOException | RuntimeException gone) {
          // The thread ended while listed.
        }
      });
    } catch (IOException e) {
      return new ThreadCpu(Map.of());
    }
    return new ThreadCpu(ticks);
  }

  /** The busiest threads since {@code before}, as "name 123 ms", most first. */
  String since(ThreadCpu before) {
    Map<Long, String> busy = new TreeMap<>((a, b) -> Long.compare(b, a));
    ticks.forEach((name, t) -> {
      long d = t - before.ticks.getOrDefault(name, 0L);
      if (d > 0) {
        busy.merge(d, name, (x, y) -> x + ", " + y);
      }
    });
    StringBuilder out = new StringBuilder();
    busy.forEach((t, names) -> out.append(String.format(Locale.ROOT, "%s %.0f ms; ", names, t * TICK_MS)));
    return out.toString();
  }
}
