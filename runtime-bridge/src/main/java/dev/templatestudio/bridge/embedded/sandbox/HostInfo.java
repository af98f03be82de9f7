package dev.templatestudio.bridge.embedded.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Facts about the host the sandbox depends on, read from /proc. Stateless. */
final class HostInfo {
  private HostInfo() {}

  /** True when this process runs with effective uid 0. */
  static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          String[] f = line.substring(4).trim().split("\\s+");
          return f.length > 1 && f[1].equals("0");
        }
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  /** True when an unprivileged process may create user namespaces. */
  static boolean userNamespacesAllowed() {
    if (readInt("/proc/sys/user/max_user_namespaces", 0) <= 0) {
      return false;
    }
    // Debian's switch; absent on kernels without the patch, which allow them.
    return readInt("/proc/sys/kernel/unprivileged_userns_clone", 1) != 0
        && readInt("/proc/sys/kernel/apparmor_restrict_unprivileged_userns", 0) == 0;
  }

  private static int readInt(String file, int absent) {
    try {
      return Integer.parseInt(Files.readString(Path.of(file)).trim());
    } catch (IOException | NumberFormatException e) {
      return absent;
    }
  }
}
