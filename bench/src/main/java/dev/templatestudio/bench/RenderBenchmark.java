package dev.templatestudio.bench;

import dev.templatestudio.bridge.dockerfile.DockerfileImporter;
import dev.templatestudio.bridge.dockerfile.DockerfileRenderer;
import dev.templatestudio.bridge.dockerfile.PythonRenderer;
import dev.templatestudio.bridge.dockerfile.RenderedDockerfile;
import dev.templatestudio.bridge.template.Template;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Steady-state render of a template of about 10,000 steps. Target: under 20 ms. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class RenderBenchmark {
  private Template template;

  @Setup
  public void setUp() {
    template = DockerfileImporter.importText(LargeDockerfile.generate(10_000), "bench").template();
  }

  @Benchmark
  public RenderedDockerfile renderDockerfile() {
    return DockerfileRenderer.renderMapped(template);
  }

  @Benchmark
  public String renderPython() {
    return PythonRenderer.render(template);
  }
}
