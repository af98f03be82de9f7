package dev.templatestudio.app.studio;

import com.sun.javafx.perf.PerformanceTracker;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javafx.application.Platform;
import javafx.scene.Scene;

/**
 * The startup bench's probe, off unless {@code -Dtemplatestudio.timing} is set: notes when each
 * phase of the start ended and, once the first frame of the window has been painted (JavaFX's
 * own per-scene frame hook, on the render thread), prints one line on stderr with the epoch
 * milliseconds of that frame (the bench subtracts the time it started the launcher), the time
 * since the JVM started, the CPU time of the process and of the FX and main threads until then,
 * and the phases (each as ms since the JVM started / ms of CPU of the thread that marked it).
 * With {@code -Dtemplatestudio.timing=exit} the studio then closes, so a bench
 * run ends cleanly (and the launcher keeps the class data archive such a run records).
 */
public final class StartupTiming {
  private static final String MODE = System.getProperty("templatestudio.timing", "");
  private static final boolean ON = !MODE.isEmpty() && !"false".equals(MODE);
  private static final List<String> PHASES = new ArrayList<>();
  private static volatile long fxThreadId = -1;

  private StartupTiming() {}

  public static boolean on() {
    return ON;
  }

  /** Notes that a phase of the start ended now (any thread). */
  public static synchronized void mark(String phase) {
    if (ON) {
      PHASES.add(phase + " " + sinceJvmStart() + "/" + threadCpuMillis());
      // By name: asking JavaFX which thread is its own would start its toolkit.
      if (Thread.currentThread().getName().equals("JavaFX Application Thread")) {
        fxThreadId = Thread.currentThread().getId();
      }
    }
  }

  /**
   * Reports the first frame painted into {@code scene}'s window; {@code exit} closes the studio
   * once {@code whenWarm} runs it (after the editor's warm-up, so that a bench run records the
   * same class data archive as a person's first session). In the mode {@code scratch} it then
   * runs {@code scratch} (the empty window's "Start from scratch") and also reports the time and
   * FX thread CPU until the editor was painted.
   */
  public static void watchFirstFrame(Scene scene, Consumer<Runnable> whenWarm, Runnable exit, Runnable scratch) {
    if (!ON) {
      return;
    }
    AtomicBoolean seen = new AtomicBoolean();
    PerformanceTracker tracker = PerformanceTracker.getSceneTracker(scene);
    tracker.setOnRenderedFrameTask(() -> {
      if (seen.getAndSet(true)) {
        return;
      }
      long epoch = System.currentTimeMillis();
      long since = sinceJvmStart();
      long cpu = ProcessHandle.current().info().totalCpuDuration().map(d -> d.toMillis()).orElse(-1L);
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long fx = fxThreadId < 0 ? -1 : threads.getThreadCpuTime(fxThreadId) / 1_000_000;
      long main = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("main"))
          .mapToLong(t -> threads.getThreadCpuTime(t.getId()) / 1_000_000).findFirst().orElse(-1);
      String busiest = busiestThreads();
      String phases;
      synchronized (StartupTiming.class) {
        phases = String.join(", ", PHASES);
      }
      System.err.println("template-studio: first frame at " + epoch + " epoch ms, " + since
          + " ms after JVM start, " + cpu + " ms of CPU (FX thread " + fx + " ms, main thread " + main
          + " ms); phases: " + phases + "; busiest threads: " + busiest);
      if ("exit".equals(MODE)) {
        Platform.runLater(() -> whenWarm.accept(exit));
      } else if ("scratch".equals(MODE)) {
        Platform.runLater(() -> whenWarm.accept(() -> timeScratch(scene, tracker, exit, scratch)));
      }
    });
  }

  private static void timeScratch(Scene scene, PerformanceTracker tracker, Runnable exit, Runnable scratch) {
    long start = System.nanoTime();
    long cpu = threadCpuMillis();
    scratch.run();
    AtomicBoolean armed = new AtomicBoolean();
    // Armed by the first layout after the editor went in: the frame rendered next shows it (a
    // frame already being rendered when the editor went in would not).
    Runnable arm = new Runnable() {
      @Override
      public void run() {
        armed.set(true);
        scene.removePostLayoutPulseListener(this);
      }
    };
    scene.addPostLayoutPulseListener(arm);
    long[] fxCpu = {-1};
    scene.addPostLayoutPulseListener(() -> {
      if (fxCpu[0] < 0 && armed.get()) {
        fxCpu[0] = threadCpuMillis() - cpu;
      }
    });
    AtomicBoolean done = new AtomicBoolean();
    tracker.setOnRenderedFrameTask(() -> {
      if (armed.get() && !done.getAndSet(true)) {
        System.err.println("template-studio: scratch painted " + (System.nanoTime() - start) / 1_000_000
            + " ms after the click, " + fxCpu[0] + " ms of FX thread CPU");
        Platform.runLater(exit);
      }
    });
  }

  /** The six threads of the process (the JVM's own too: compilers, collector) that used the most CPU. */
  private static String busiestThreads() {
    List<String[]> rows = new ArrayList<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path t : tasks) {
        String stat = Files.readString(t.resolve("stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ms = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
        rows.add(new String[] {stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')), Long.toString(ms)});
      }
    } catch (IOException | RuntimeException e) {
      return "unknown (" + e.getMessage() + ")";
    }
    rows.sort((a, b) -> Long.compare(Long.parseLong(b[1]), Long.parseLong(a[1])));
    return rows.stream().limit(6).map(r -> r[0] + " " + r[1]).collect(Collectors.joining(", "));
  }

  /** The CPU time of the calling thread in ms (Linux keeps it in nanoseconds); -1 elsewhere. */
  private static long threadCpuMillis() {
    try {
      String schedstat = Files.readString(Path.of("/proc/thread-self/schedstat"));
      return Long.parseLong(schedstat.substring(0, schedstat.indexOf(' '))) / 1_000_000;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * Milliseconds since the process started (the launcher script's exec, whose process becomes
   * the JVM), to 10 ms. Both figures come from the kernel's clock since boot. Not
   * {@code ProcessHandle.info().startInstant()}: it adds the start to the boot time, which
   * {@code /proc/stat} gives in whole seconds, so it read up to a second too early (0.76 s on
   * the bench machine, which looked like a gap before {@code main}).
   */
  private static long sinceJvmStart() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      // Field 22, start time in clock ticks; USER_HZ is 100 on every Linux ABI Java runs on.
      long startTicks = Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19]);
      String uptime = Files.readString(Path.of("/proc/uptime"));
      double up = Double.parseDouble(uptime.substring(0, uptime.indexOf(' ')));
      return Math.round(up * 1000) - startTicks * 10;
    } catch (IOException | RuntimeException e) {
      return ProcessHandle.current().info().startInstant()
          .map(s -> System.currentTimeMillis() - s.toEpochMilli()).orElse(-1L);
    }
  }
}
