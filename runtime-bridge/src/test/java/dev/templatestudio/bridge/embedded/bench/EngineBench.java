package dev.templatestudio.bridge.embedded.bench;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.embedded.EmbeddedRuntime;
import dev.templatestudio.bridge.context.CopySources;
import dev.templatestudio.bridge.context.DockerIgnore;
import dev.templatestudio.bridge.io.Digests;
import dev.templatestudio.bridge.plan.InputHasher;
import dev.templatestudio.bridge.embedded.layer.LayerWriter;
import dev.templatestudio.bridge.plan.StepDescriber;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.io.Trees;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.WorkdirStep;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The embedded engine's benchmark (docs/perf/engine.md): a fully cached rebuild of a 10-step
 * template, the overhead of one trivial {@code run true} step, layer capture and context
 * hashing throughput on a large tree, and, when podman is installed, podman's figures for the
 * same Dockerfile. Run it as root on Linux:
 * {@code java -cp runtime-bridge/target/classes:DEPS dev.templatestudio.bridge.embedded.bench.EngineBench [--dir DIR] [--tree-mb 500] [--runs 20]}.
 * Single-threaded driver; prints Markdown.
 */
public final class EngineBench {
  private final Path dir;
  private final int treeMb;
  private final int runs;

  private EngineBench(Path dir, int treeMb, int runs) {
    this.dir = dir;
    this.treeMb = treeMb;
    this.runs = runs;
  }

  public static void main(String[] args) throws Exception {
    Path dir = null;
    int treeMb = 500;
    int runs = 20;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--dir": dir = Path.of(args[++i]); break;
        case "--tree-mb": treeMb = Integer.parseInt(args[++i]); break;
        case "--runs": runs = Integer.parseInt(args[++i]); break;
        default:
          System.err.println("usage: EngineBench [--dir DIR] [--tree-mb 500] [--runs 20]");
          System.exit(2);
      }
    }
    if (!BusyboxImage.available()) {
      System.err.println("EngineBench needs Debian's busybox-static (/bin/busybox)");
      System.exit(2);
    }
    Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory(Path.of("/var/tmp"), "engine-bench-");
    try {
      new EngineBench(work, treeMb, runs).run();
    } finally {
      Trees.delete(work);
    }
  }

  private void run() throws Exception {
    Store store = Store.open(dir.resolve("store"));
    BusyboxImage.seed(store, dir);
    Path ctx = Files.createDirectories(dir.resolve("ctx"));
    Files.createDirectories(ctx.resolve("app"));
    Files.writeString(ctx.resolve("app/main.py"), "print('hello')\n");
    Files.writeString(ctx.resolve("requirements.txt"), "fastapi\n");
    System.out.printf(Locale.ROOT, "%s, %d cores, load average before: %s%n%n", Instant.now(),
        java.lang.Runtime.getRuntime().availableProcessors(), loadAverage());
    System.out.println("| measure | embedded | target |");
    System.out.println("|---|---|---|");
    Template ten = tenSteps();
    double cached;
    double trivialStep;
    double trivialBuild;
    double firstBuild;
    try (EmbeddedRuntime rt = new EmbeddedRuntime(store)) {
      long t0 = System.nanoTime();
      ready(build(rt, BuildRequest.of(ten, ctx)));
      firstBuild = ms(System.nanoTime() - t0);
      List<Double> rebuilds = new ArrayList<>();
      for (int i = 0; i < runs + 5; i++) {
        long t = System.nanoTime();
        BuildEvent end = ready(build(rt, BuildRequest.of(ten, ctx)));
        if (end.cacheHits() != 11) {
          throw new IllegalStateException("expected a fully cached rebuild, got " + end.cacheHits() + " hits");
        }
        if (i >= 5) {
          rebuilds.add(ms(System.nanoTime() - t));
        }
      }
      cached = median(rebuilds);
      row("first (uncached) build of the 10-step template", firstBuild, "-");
      row("fully cached rebuild, 10 steps (median of " + runs + ")", cached, "< 50 ms");
      List<Double> steps = new ArrayList<>();
      List<Double> builds = new ArrayList<>();
      Template trivial = Template.of(Base.template("busybox"), List.of(new RunStep("true", null, true))).withName("trivial");
      for (int i = 0; i < runs + 3; i++) {
        long t = System.nanoTime();
        BuildHandle h = build(rt, BuildRequest.of(trivial, ctx));
        ready(h);
        if (i >= 3) {
          builds.add(ms(System.nanoTime() - t));
          steps.add((double) h.events().after(0).stream()
              .filter(e -> BuildEvent.STEP_END.equals(e.kind()) && e.step() == 1)
              .findFirst().orElseThrow().durationMs());
        }
      }
      trivialStep = median(steps);
      trivialBuild = median(builds);
      row("one `run true` step: sandbox + layer capture (median step time)", trivialStep, "< 60 ms");
      row("whole build of FROM + `run true` (median)", trivialBuild, "-");
      List<Double> spawns = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        long t = System.nanoTime();
        new ProcessBuilder("/bin/true").start().waitFor();
        spawns.add(ms(System.nanoTime() - t));
      }
      // The step starts seven processes: this baseline says what one costs on this host now.
      row("for scale: starting `/bin/true` from this JVM (median)", median(spawns), "-");
    }
    Path tree = makeTree(dir.resolve("tree"), treeMb);
    long bytes = treeBytes(tree);
    double capture = best(3, () -> {
      Path upper = tree;
      store.blobs().put(out -> LayerWriter.write(upper, out, Instant.EPOCH), null);
    });
    double tarSha = best(3, () -> {
      java.security.DigestOutputStream sink = new java.security.DigestOutputStream(
          OutputStream.nullOutputStream(), Digests.sha256());
      LayerWriter.write(tree, sink, Instant.EPOCH);
      sink.getMessageDigest().digest();
    });
    double hashing = best(3, () -> InputHasher.hash(CopySources.select(tree,
        new CopyStep(List.of("."), "/data/"), DockerIgnore.none())));
    System.out.printf(Locale.ROOT, "| layer capture, tar + sha256 (no file), %d MB tree | %.0f MB/s | >= 400 MB/s |%n",
        bytes >> 20, bytes / 1048576.0 / (tarSha / 1000));
    System.out.printf(Locale.ROOT, "| layer capture into the store (tar + sha256 + write + fsync), %d MB tree | %.0f MB/s | - |%n",
        bytes >> 20, bytes / 1048576.0 / (capture / 1000));
    System.out.printf(Locale.ROOT, "| context hashing, %d MB tree | %.0f MB/s | >= 400 MB/s |%n",
        bytes >> 20, bytes / 1048576.0 / (hashing / 1000));
    PodmanBench.compare(dir, store, ten, ctx, runs, cached, trivialBuild);
  }

  /** Ten steps, like a small real template: runs, env, workdir, copies. */
  static Template tenSteps() {
    List<Step> steps = List.of(
        new RunStep("mkdir -p /opt/app && echo 1 > /opt/app/one"),
        new EnvStep(Map.of("APP_HOME", "/opt/app")),
        new WorkdirStep("/opt/app"),
        new CopyStep(List.of("requirements.txt"), "/opt/app/"),
        new RunStep("wc -l requirements.txt > lines"),
        new CopyStep(List.of("app/"), "/opt/app/src/"),
        new RunStep("ls -R /opt/app > /opt/listing"),
        new EnvStep(Map.of("MODE", "bench")),
        new RunStep("echo $MODE > /opt/mode"),
        new RunStep("id > /opt/id"));
    return Template.of(Base.template("busybox"), steps).withName("bench10");
  }

  /** The template as a Dockerfile over a local image {@code baseImage}. */
  static String dockerfile(Template t, String baseImage) {
    StringBuilder sb = new StringBuilder("FROM " + baseImage + "\n");
    for (Step s : t.steps()) {
      sb.append(StepDescriber.of(s)).append('\n');
    }
    return sb.toString();
  }

  private static BuildHandle build(EmbeddedRuntime rt, BuildRequest request) throws Exception {
    BuildHandle h = rt.build(request);
    h.result().get(120, TimeUnit.SECONDS);
    return h;
  }

  private static BuildEvent ready(BuildHandle h) throws Exception {
    BuildEvent end = h.result().get();
    if (!BuildEvent.STATUS_READY.equals(end.status())) {
      throw new IllegalStateException("benchmark build failed: " + end.message());
    }
    return end;
  }


  private static Path makeTree(Path root, int mb) throws IOException {
    SplittableRandom random = new SplittableRandom(42);
    byte[] big = new byte[1 << 20];
    int smallFiles = 4000;
    long smallBytes = smallFiles * 4096L;
    int bigFiles = (int) Math.max(1, ((long) mb << 20) - smallBytes >> 20);
    for (int d = 0; d < 20; d++) {
      Files.createDirectories(root.resolve("d" + d));
    }
    for (int i = 0; i < bigFiles; i++) {
      fill(random, big);
      try (OutputStream out = Files.newOutputStream(root.resolve("d" + (i % 20)).resolve("big-" + i + ".bin"))) {
        out.write(big);
      }
    }
    byte[] small = new byte[4096];
    for (int i = 0; i < smallFiles; i++) {
      fill(random, small);
      Files.write(root.resolve("d" + (i % 20)).resolve("small-" + i + ".txt"), small);
    }
    return root;
  }

  private static void fill(SplittableRandom random, byte[] buf) {
    for (int i = 0; i < buf.length; i += 8) {
      long v = random.nextLong();
      for (int j = 0; j < 8 && i + j < buf.length; j++) {
        buf[i + j] = (byte) (v >>> (8 * j));
      }
    }
  }

  private static long treeBytes(Path root) throws IOException {
    try (var files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  /** Best wall time in ms of {@code n} runs. */
  private static double best(int n, Action action) throws Exception {
    double best = Double.MAX_VALUE;
    for (int i = 0; i < n; i++) {
      long t = System.nanoTime();
      action.run();
      best = Math.min(best, ms(System.nanoTime() - t));
    }
    return best;
  }

  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  static double ms(long nanos) {
    return nanos / 1e6;
  }

  static void row(String what, double ms, String target) {
    System.out.printf(Locale.ROOT, "| %s | %.1f ms | %s |%n", what, ms, target);
  }

  @FunctionalInterface
  private interface Action {
    void run() throws Exception;
  }
}
