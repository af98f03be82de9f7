package dev.templatestudio.bridge.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The command lines of every process on this machine, read from {@code /proc/PID/cmdline}.
 * {@code ProcessHandle.Info.commandLine()} is empty for a process whose executable is not at
 * its path in this process's mount namespace, which is every sandboxed process since steps and
 * machines enter their root by pivot_root: a check built on it finds nothing and always passes.
 */
public final class ProcessArgs {
  private ProcessArgs() {}

  /** Each live process's arguments joined by spaces (processes that end meanwhile are left out). */
  public static List<String> all() {
    return ProcessHandle.allProcesses().map(p -> of(p.pid())).filter(s -> !s.isEmpty()).toList();
  }

  /** True when some live process has {@code text} in its arguments. */
  public static boolean anyContains(String text) {
    return all().stream().anyMatch(c -> c.contains(text));
  }

  /** The arguments of process {@code pid} joined by spaces; empty when it is gone or a kernel thread. */
  public static String of(long pid) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip();
    } catch (IOException e) {
      return "";
    }
  }
}
