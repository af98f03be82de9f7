package dev.templatestudio.bench;

import dev.templatestudio.bridge.dockerfile.DockerfileImporter;
import dev.templatestudio.bridge.dockerfile.DockerfileRenderer;
import dev.templatestudio.bridge.dockerfile.PythonRenderer;
import dev.templatestudio.bridge.template.Template;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The same work as the JMH benchmarks, measured in CPU time of the calling thread rather than
 * wall time: on a shared 2-core machine other processes stretch wall time many-fold, while the
 * CPU time an operation costs stays put. Prints the median of 15 rounds after warm-up.
 * Run: {@code java -cp bench/target/benchmarks.jar dev.templatestudio.bench.CpuTime}.
 */
public final class CpuTime {
  private static final int ROUNDS = 15;
  private static final int OPS = 20;

  private CpuTime() {}

  public static void main(String[] args) {
    String text = LargeDockerfile.generate(10_000);
    Template template = DockerfileImporter.importText(text, "bench").template();
    Runnable importIt = () -> DockerfileImporter.importText(text, "bench");
    String staged = LargeDockerfile.generateStaged(10_000);
    if (!LargeDockerfile.importedAsMeant(DockerfileImporter.importText(text, "bench"))
        || !LargeDockerfile.importedAsMeant(DockerfileImporter.importText(staged, "bench"))) {
      throw new IllegalStateException("a generated Dockerfile does not import as meant");
    }
    Runnable importStaged = () -> DockerfileImporter.importText(staged, "bench");
    Runnable render = () -> DockerfileRenderer.renderMapped(template);
    Runnable python = () -> PythonRenderer.render(template);
    for (int i = 0; i < 10; i++) {
      measure(importIt);
      measure(importStaged);
      measure(render);
      measure(python);
    }
    System.out.printf("import 10,000 instructions: %.1f ms CPU (median of %d)%n",
        median(importIt), ROUNDS);
    System.out.printf("import 10,000 in 11 stages: %.1f ms CPU%n", median(importStaged));
    System.out.printf("render Dockerfile:          %.1f ms CPU%n", median(render));
    System.out.printf("render Python:              %.1f ms CPU%n", median(python));
  }

  private static double median(Runnable op) {
    double[] ms = new double[ROUNDS];
    for (int i = 0; i < ROUNDS; i++) {
      ms[i] = measure(op);
    }
    Arrays.sort(ms);
    return ms[ROUNDS / 2];
  }

  /** Milliseconds of CPU time per call, over {@link #OPS} calls. */
  private static double measure(Runnable op) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long start = mx.getCurrentThreadCpuTime();
    for (int i = 0; i < OPS; i++) {
      op.run();
    }
    return (mx.getCurrentThreadCpuTime() - start) / 1e6 / OPS;
  }
}
