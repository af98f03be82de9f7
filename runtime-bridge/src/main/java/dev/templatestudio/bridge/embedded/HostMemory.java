package dev.templatestudio.bridge.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The memory this machine has available now, from {@code /proc/meminfo} ({@code MemAvailable}). */
final class HostMemory {
  private HostMemory() {}

  static long availableMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemAvailable:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Unknown: counted as none below.
    }
    return 0;
  }
}
