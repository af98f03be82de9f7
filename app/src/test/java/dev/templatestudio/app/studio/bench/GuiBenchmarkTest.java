package dev.templatestudio.app.studio.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.DirectTaskRunner;
import dev.templatestudio.app.studio.common.BackgroundPriority;
import dev.templatestudio.app.studio.build.BuildView;
import dev.templatestudio.app.studio.build.BuildViewModel;
import dev.templatestudio.app.studio.document.Examples;
import dev.templatestudio.app.studio.document.StepKind;
import dev.templatestudio.app.studio.document.TemplateDocument;
import dev.templatestudio.app.studio.logview.LogThreads;
import dev.templatestudio.app.studio.logview.LogView;
import dev.templatestudio.app.studio.preview.PreviewView;
import dev.templatestudio.app.studio.preview.PreviewViewModel;
import dev.templatestudio.bridge.template.RunStep;
import javafx.beans.property.SimpleIntegerProperty;
import dev.templatestudio.app.studio.workspace.EditorSession;
import dev.templatestudio.app.studio.workspace.EditorView;
import dev.templatestudio.app.studio.workspace.ScriptedDialogs;
import dev.templatestudio.app.studio.workspace.WorkspaceViewModel;
import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.EventLog;
import dev.templatestudio.bridge.build.SecretMasker;
import dev.templatestudio.bridge.template.Template;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The studio's speed figures (docs/perf/gui.md): one million log lines through the real log
 * view, and the preview after an edit of a 100-step template. Tagged {@code bench}: not part of
 * the default run. Run: {@code ./mvnw -B -o -pl app -am test -Dgroups=bench -Dbench.excluded=none
 * -Dtest=GuiBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("bench")
@ExtendWith(ApplicationExtension.class)
class GuiBenchmarkTest {
  private static final int LINES = 1_000_000;
  private final LogThreads logThreads = LogThreads.start();
  private Stage stage;

  @Start
  void start(Stage stage) {
    this.stage = stage;
  }

  @AfterEach
  void stopLogThreads() {
    logThreads.close();
  }

  @Test
  void streamAMillionLinesThroughTheLogView(FxRobot robot) throws Exception {
    // As the studio runs it: the runtime appends events to the build's event log, the log
    // thread reads them by seq into a ring of the view's line cap, and each frame shows only
    // the newest of what arrived since the last. A first, smaller stream warms up the JIT and
    // the scene (its figures are printed too: a first build in a fresh studio is that cold).
    stream(robot, LINES / 5, "cold, first stream in this JVM");
    stream(robot, LINES, "warming");
    Stream s = stream(robot, LINES, "studio backlog cap");
    assertThat(s.shownLines()).isBetween(LogView.MAX_LINES, LogView.MAX_LINES + LogView.MAX_LINES / 5);
  }

  /** What the view held at the end of a stream. */
  private record Stream(int shownLines) {
  }

  private Stream stream(FxRobot robot, int lines, String label) throws Exception {
    BuildViewModel vm = new BuildViewModel(() -> null, () -> "bench", new DirectTaskRunner(),
        System::currentTimeMillis, LogView.MAX_LINES, logThreads);
    EventLog log = new EventLog("bench", SecretMasker.none());
    BuildView[] view = new BuildView[1];
    PulseGaps gaps = new PulseGaps();
    robot.interact(() -> {
      view[0] = new BuildView(vm, new ScriptedDialogs(), () -> null, (p, t) -> { });
      stage.setScene(new Scene(view[0].node(), 1200, 700));
      stage.show();
      gaps.watch(stage.getScene(), () -> view[0].log().area().getParagraphs().size());
      vm.follow(log);
    });
    // In the studio the build view is laid out before a build starts: let its first frames pass.
    WaitForAsyncUtils.waitForFxEvents();
    Thread.sleep(300);
    System.gc();
    long heapBefore = usedHeap();
    String loadBefore = loadAverage();
    robot.interact(gaps::start);
    ThreadCpu cpuBefore = ThreadCpu.now();
    System.out.println("BENCH stream " + label + " starts at JVM uptime " + ManagementFactory.getRuntimeMXBean().getUptime() + " ms, " + java.time.LocalTime.now());
    long start = System.nanoTime();
    // The studio starts builds from its background threads, so a runtime's threads run at their priority.
    Thread producer = BackgroundPriority.threads("bench-producer").newThread(() -> events(lines, log::append));
    producer.start();
    producer.join();
    long offered = System.nanoTime() - start;
    while (vm.pendingEvents() > 0) {
      Thread.sleep(1);
    }
    long ingested = System.nanoTime() - start;
    WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> {
      boolean[] drained = new boolean[1];
      robot.interact(() -> drained[0] = vm.backlog() == 0);
      return drained[0];
    });
    WaitForAsyncUtils.waitForFxEvents();
    long elapsed = System.nanoTime() - start;
    ThreadCpu cpuAfter = ThreadCpu.now();
    String[] layouts = new String[1];
    robot.interact(() -> {
      gaps.stop();
      layouts[0] = gaps.layoutPercentiles();
      view[0].dispose();
    });
    int shownLines = view[0].log().area().getParagraphs().size() - 1;
    System.gc();
    long heapAfter = usedHeap();
    // The heap is read with the event log alive, as the studio keeps it.
    Reference.reachabilityFence(log);
    System.out.printf(Locale.ROOT, "BENCH log (%s): %d lines ingested (formatted) in %.2f s = %.0f lines/s; "
            + "shown and idle after %.2f s (producer done after %.2f s); %d appended to the view, %d dropped before it; "
            + "%d pulses, longest pulse-to-pulse gap %.1f ms; view holds %d lines; heap after %d MB with the event log "
            + "(before %d MB); load average %s before, %s after%n",
        label, lines, ingested / 1e9, lines / (ingested / 1e9), elapsed / 1e9, offered / 1e9, view[0].log().appendedLines(),
        vm.droppedLines(), gaps.pulses, gaps.longest() / 1e6, shownLines, heapAfter >> 20, heapBefore >> 20,
        loadBefore, loadAverage());
    System.out.println("BENCH   longest gaps: " + gaps.worst(start));
    System.out.println("BENCH   CPU by thread: " + cpuAfter.since(cpuBefore));
    System.out.println("BENCH   CSS+layout CPU per pulse: " + layouts[0]);
    return new Stream(shownLines);
  }

  /**
   * The time between one pulse and the next, taken by an {@link AnimationTimer} (it runs at
   * the start of each pulse), with the collector's pause time and the FX thread's CPU time
   * within each gap, to tell what a long gap was.
   */
  private static final class PulseGaps extends AnimationTimer {
    private final List<String> gaps = new ArrayList<>();
    private final List<Long> lengths = new ArrayList<>();
    private long last;
    private long lastGc;
    private long lastCpu;
    private long lastRender;
    private long lastQueued;
    private Path schedstat;
    private long pulses;
    /** FX thread CPU when the last layout pass began and ended, and what the pass took. */
    private long layoutStart;
    private long layoutEnd;
    private long layoutCpu;
    private long lastLayoutCpu;
    /** FX thread CPU from the end of one layout pass to the start of the next (timers, events). */
    private long otherCpu;
    private long lastOtherCpu;
    private final List<Long> layouts = new ArrayList<>();

    /** The CPU time of the FX thread's CSS and layout passes, per pulse: median, 90th and 99th percentile, longest. */
    String layoutPercentiles() {
      List<Long> sorted = new ArrayList<>(layouts);
      sorted.sort(null);
      if (sorted.isEmpty()) {
        return "none";
      }
      costliest.sort(java.util.Comparator.reverseOrder());
      return String.join("; ", costliest.subList(0, Math.min(8, costliest.size()))) + ". " + String.format(Locale.ROOT, "%d passes, median %.1f ms, p90 %.1f ms, p99 %.1f ms, longest %.1f ms",
          sorted.size(), sorted.get(sorted.size() / 2) / 1e6, sorted.get(sorted.size() * 9 / 10) / 1e6,
          sorted.get(sorted.size() * 99 / 100) / 1e6, sorted.get(sorted.size() - 1) / 1e6);
    }
    private final long renderer = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("QuantumRenderer")).mapToLong(Thread::getId).findFirst().orElse(-1);

    private java.util.function.IntSupplier paragraphs = () -> 0;
    private int paragraphsBefore;
    private final List<String> costliest = new ArrayList<>();

    /** Also times each pulse's CSS and layout pass in {@code scene}, noting how the log's paragraph count changed. */
    void watch(Scene scene, java.util.function.IntSupplier paragraphs) {
      this.paragraphs = paragraphs;
      layoutEnd = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
      scene.addPreLayoutPulseListener(() -> {
        layoutStart = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        otherCpu += layoutStart - layoutEnd;
      });
      scene.addPostLayoutPulseListener(() -> {
        layoutEnd = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        layoutCpu += layoutEnd - layoutStart;
        layouts.add(layoutEnd - layoutStart);
        int now = this.paragraphs.getAsInt();
        costliest.add(String.format(Locale.ROOT, "%06.1f ms: %d -> %d paragraphs", (layoutEnd - layoutStart) / 1e6,
            paragraphsBefore, now));
        paragraphsBefore = now;
      });
    }

    @Override
    public void handle(long now) {
      long gc = ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(b -> b.getCollectionTime()).sum();
      long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
      long render = ManagementFactory.getThreadMXBean().getThreadCpuTime(renderer);
      long queued = queued();
      if (last != 0) {
        lengths.add(now - last);
        gaps.add(String.format(Locale.ROOT, "%.0f ms ending at %%.2f s (GC %d ms, FX thread CPU %.0f ms of which "
                + "CSS+layout %.0f ms and timers+events %.0f ms, FX thread waiting for a core %.0f ms, renderer CPU %.0f ms)",
            (now - last) / 1e6, gc - lastGc, (cpu - lastCpu) / 1e6, (layoutCpu - lastLayoutCpu) / 1e6,
            (otherCpu - lastOtherCpu) / 1e6, (queued - lastQueued) / 1e6, (render - lastRender) / 1e6) + "@" + now);
      }
      lastLayoutCpu = layoutCpu;
      lastOtherCpu = otherCpu;
      lastQueued = queued;
      last = now;
      lastGc = gc;
      lastCpu = cpu;
      lastRender = render;
      pulses++;
    }

    /** Nanoseconds the FX thread has spent runnable but not running (Linux schedstat). */
    private long queued() {
      try {
        if (schedstat == null) {
          schedstat = Path.of("/proc/self/task", Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString(), "schedstat");
        }
        return Long.parseLong(Files.readString(schedstat).split(" ")[1]);
      } catch (IOException | RuntimeException e) {
        return 0;
      }
    }

    long longest() {
      return lengths.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    String worst(long start) {
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < lengths.size(); i++) {
        order.add(i);
      }
      order.sort((a, b) -> Long.compare(lengths.get(b), lengths.get(a)));
      StringBuilder out = new StringBuilder();
      for (int i : order.subList(0, Math.min(5, order.size()))) {
        String g = gaps.get(i);
        long at = Long.parseLong(g.substring(g.lastIndexOf('@') + 1));
        out.append(String.format(Locale.ROOT, g.substring(0, g.lastIndexOf('@')), (at - start) / 1e9)).append("; ");
      }
      return out.toString();
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "unknown";
    }
  }

  @Test
  void previewAfterAnEditOfAHundredStepTemplate(FxRobot robot) {
    WorkspaceViewModel workspace = new WorkspaceViewModel(new DirectTaskRunner(), new ScriptedDialogs(),
        () -> new BuildViewModel(() -> null, () -> "bench", new DirectTaskRunner(), System::currentTimeMillis, 1000,
            logThreads));
    EditorSession[] session = new EditorSession[1];
    robot.interact(() -> {
      session[0] = workspace.newWith(hundredSteps(), "bench");
      EditorView editor = new EditorView(session[0], workspace, new ScriptedDialogs(), System::currentTimeMillis);
      stage.setScene(new Scene(editor.node(), 1400, 900));
      stage.show();
      session[0].pipeline().select(50);
    });
    long[] nanos = new long[200];
    for (int i = 0; i < nanos.length; i++) {
      int n = i;
      robot.interact(() -> {
        long t0 = System.nanoTime();
        session[0].document().edit("Rename", t -> t.withName("bench-" + n));
        nanos[n] = System.nanoTime() - t0;
      });
    }
    // The preview on its own: a document whose only listener is the preview.
    TemplateDocument alone = new TemplateDocument(hundredSteps(), null, "alone");
    long[] previewNanos = new long[200];
    robot.interact(() -> {
      PreviewViewModel pvm = new PreviewViewModel(alone, new SimpleIntegerProperty(50), null);
      PreviewView pv = new PreviewView(pvm, p -> { }, new ScriptedDialogs(), () -> null, (p, t) -> { });
      stage.setScene(new Scene(pv.node(), 800, 900));
    });
    for (int i = 0; i < previewNanos.length; i++) {
      int n = i;
      robot.interact(() -> {
        long t0 = System.nanoTime();
        alone.edit("Edit", t -> t.withStep(50, new RunStep("echo " + n)));
        previewNanos[n] = System.nanoTime() - t0;
      });
    }
    long[] preview = previewNanos.clone();
    Arrays.sort(preview);
    System.out.printf(Locale.ROOT, "BENCH preview alone (render + highlight + code area update): median %.2f ms, "
        + "p95 %.2f ms, max %.2f ms%n", preview[preview.length / 2] / 1e6, preview[preview.length * 95 / 100] / 1e6,
        preview[preview.length - 1] / 1e6);
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    System.out.printf(Locale.ROOT, "BENCH preview: edit of a %d-step template to updated preview: median %.2f ms, "
            + "p95 %.2f ms, max %.2f ms (%d edits)%n", session[0].document().template().steps().size(),
        sorted[sorted.length / 2] / 1e6, sorted[sorted.length * 95 / 100] / 1e6, sorted[sorted.length - 1] / 1e6,
        sorted.length);
    assertThat(session[0].preview().text()).contains("bench-199");
    assertThat(sorted[sorted.length / 2]).isLessThan(16_000_000L);
  }

  private static Template hundredSteps() {
    Template t = Examples.python();
    StepKind[] kinds = {StepKind.APT, StepKind.PIP, StepKind.RUN, StepKind.COPY, StepKind.ENV, StepKind.WORKDIR};
    for (int i = t.steps().size(); i < 100; i++) {
      t = kinds[i % kinds.length].addTo(t, i);
    }
    return t;
  }

  /** A build's worth of events, made as they are sent: a step header with a cache marker every 10,000 lines, ANSI colour in a third. */
  private static void events(int lines, java.util.function.Consumer<BuildEvent> out) {
    int step = 0;
    for (int i = 0; i < lines; i++) {
      if (i % 10_000 == 0) {
        step++;
        out.accept(BuildEvent.of(BuildEvent.STEP_START).step(step).steps(100).message("RUN make part-" + step).build());
        out.accept(step % 2 == 0 ? BuildEvent.of(BuildEvent.CACHE_HIT).step(step).build()
            : BuildEvent.of(BuildEvent.CACHE_MISS).step(step).reason("parent changed").build());
      }
      String message = i % 3 == 0 ? "\u001b[32mok\u001b[0m compiling unit " + i + " \u001b[1;33mwarn\u001b[0m"
          : "compiling unit " + i + " of the benchmark build";
      out.accept(BuildEvent.of(BuildEvent.LOG).step(step).stream("stdout").level("info").message(message).build());
    }
  }

  private static long usedHeap() {
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }
}
