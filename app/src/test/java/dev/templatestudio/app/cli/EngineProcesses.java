package dev.templatestudio.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.testing.ProcessArgs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The processes the CLI tests of the local engine look for: a store's daemons, a machine's
 * shell found by a mark in its command, and the machine folders left in a store. Shared by
 * the tests of both thin clients and of the daemon.
 */
final class EngineProcesses {
  private EngineProcesses() {}

  /** The local daemons (a {@code serve}) of {@code store}. */
  static List<ProcessHandle> daemons(Path store) {
    return ProcessHandle.allProcesses().filter(p -> ProcessArgs.of(p.pid()).contains(store.toString())
        && ProcessArgs.of(p.pid()).contains(" serve ")).toList();
  }

  /** Ends the daemons of {@code store} and waits for each; for a test's cleanup. */
  static void stopDaemons(Path store) throws Exception {
    for (ProcessHandle p : daemons(store)) {
      p.destroy();
      p.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  /** The machine's shell, which has {@code mark} in its arguments, as the client {@code client} has. */
  static ProcessHandle awaitShell(String mark, long client) throws InterruptedException {
    for (long until = System.currentTimeMillis() + 60_000; ; ) {
      Optional<ProcessHandle> p = ProcessHandle.allProcesses()
          .filter(h -> h.pid() != client && ProcessArgs.of(h.pid()).startsWith("/bin/sh -c sleep 300; echo " + mark))
          .findFirst();
      if (p.isPresent()) {
        return p.get();
      }
      assertThat(System.currentTimeMillis()).as("the machine runs within 60 s").isLessThan(until);
      Thread.sleep(100);
    }
  }

  static boolean isAncestor(ProcessHandle ancestor, ProcessHandle p) {
    for (Optional<ProcessHandle> q = p.parent(); q.isPresent(); q = q.get().parent()) {
      if (q.get().pid() == ancestor.pid()) {
        return true;
      }
    }
    return false;
  }

  /** The machines' folders under {@code store}'s work folder. */
  static List<Path> machineDirs(Path store) throws IOException {
    Path work = store.resolve("work");
    if (!Files.isDirectory(work)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(work)) {
      return dirs.filter(d -> d.getFileName().toString().startsWith("machine-")).toList();
    }
  }
}
