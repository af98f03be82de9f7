package dev.templatestudio.app.studio.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the studio's background work at a lower CPU priority than its window, as desktop
 * toolkits do for work the person is not looking at: on a machine whose cores a build keeps
 * busy, the FX thread otherwise waits for a core behind the build's threads and the log
 * thread, and the window stutters (docs/perf/gui.md measures it).
 *
 * <p>Linux keeps a nice value per thread, and a thread or process inherits its creator's:
 * so the threads and sandboxed commands a runtime starts from a background thread run at its
 * priority too. Java has no call for it; {@code renice} on the thread's id does it. Lowering a
 * priority needs no privilege. Where that fails (no {@code renice}, not Linux) the work runs
 * as before. {@code -Dtemplatestudio.backgroundNice=0} turns it off, to compare.
 */
public final class BackgroundPriority {
  /** How much lower: a nice-10 thread gets about a tenth of the CPU a nice-0 one gets when both want it. */
  public static final int NICE = Integer.getInteger("templatestudio.backgroundNice", 10);

  private BackgroundPriority() {}

  /** Daemon threads named {@code prefix-N} that lower their own priority before their first task. */
  public static ThreadFactory threads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(() -> {
        lowerCurrentThread();
        r.run();
      }, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Lowers the priority of the calling thread (and so of the threads and processes it starts). */
  public static void lowerCurrentThread() {
    try {
      renice(List.of(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString()));
    } catch (IOException | UnsupportedOperationException e) {
      // Not Linux: nothing to lower.
    }
  }

  private static void renice(List<String> threadIds) {
    if (NICE <= 0 || threadIds.isEmpty()) {
      return;
    }
    List<String> command = new ArrayList<>(List.of("renice", "-n", Integer.toString(NICE), "-p"));
    command.addAll(threadIds);
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      if (!p.waitFor(2, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (IOException e) {
      // No renice here: the work runs at the window's priority.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
