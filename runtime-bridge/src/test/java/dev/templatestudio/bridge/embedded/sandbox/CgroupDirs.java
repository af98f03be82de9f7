package dev.templatestudio.bridge.embedded.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where a process's cgroup is, read the way a person would: /proc/PID/cgroup under /sys/fs/cgroup. */
public final class CgroupDirs {
  private CgroupDirs() {}

  /** The dir of {@code pid}'s cgroup of {@code controller} (its v1 hierarchy's, else the v2 tree's). */
  public static Path of(long pid, String controller) throws Exception {
    List<String> lines = Files.readAllLines(Path.of("/proc/" + pid + "/cgroup"));
    for (String line : lines) {
      String[] f = line.split(":", 3);
      if (List.of(f[1].split(",")).contains(controller)) {
        for (String name : List.of(controller, "cpu,cpuacct", "cpuacct,cpu")) {
          Path dir = Path.of("/sys/fs/cgroup", name, f[2]);
          if (Files.isDirectory(dir)) {
            return dir;
          }
        }
      }
    }
    for (String line : lines) {
      if (line.startsWith("0::")) {
        return Path.of("/sys/fs/cgroup", line.substring(3));
      }
    }
    throw new AssertionError("no " + controller + " cgroup for " + pid);
  }
}
