package dev.templatestudio.bridge.embedded.machine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether a TCP port listens in a process's network namespace, read from its
 * {@code /proc/PID/net/tcp} and {@code tcp6} (the tables of the namespace the process is in): a
 * port check of a machine with a network of its own, which the host cannot connect to.
 */
final class Listening {
  /** The state column's value of a listening socket (TCP_LISTEN). */
  private static final String LISTEN = "0A";

  private Listening() {}

  static boolean on(long pid, int port) {
    if (pid <= 0) {
      return false;
    }
    String hexPort = String.format(":%04X", port);
    for (String table : List.of("tcp", "tcp6")) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", table))) {
          // "  sl  local_address rem_address   st ...": local is ADDR:PORT in hex.
          String[] f = line.trim().split("\\s+");
          if (f.length > 3 && f[1].endsWith(hexPort) && f[3].equals(LISTEN)) {
            return true;
          }
        }
      } catch (IOException e) {
        // No such table (no IPv6) or the process ended: not listening there.
      }
    }
    return false;
  }
}
