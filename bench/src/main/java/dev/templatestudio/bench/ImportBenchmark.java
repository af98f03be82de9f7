package dev.templatestudio.bench;

import dev.templatestudio.bridge.dockerfile.DockerfileImporter;
import dev.templatestudio.bridge.dockerfile.ImportResult;
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

/**
 * Steady-state import of a 10,000-instruction Dockerfile, single-stage and in 11 stages with
 * mounts, COPY --from and ADD of URLs. Target: under 50 ms.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class ImportBenchmark {
  private String text;
  private String staged;

  @Setup
  public void setUp() {
    text = LargeDockerfile.generate(10_000);
    ImportResult check = DockerfileImporter.importText(text, "bench");
    if (!LargeDockerfile.importedAsMeant(check) || check.template().steps().size() < 9_000) {
      throw new IllegalStateException("the generated Dockerfile does not import: "
          + check.diagnostics());
    }
    staged = LargeDockerfile.generateStaged(10_000);
    ImportResult stages = DockerfileImporter.importText(staged, "bench");
    if (!LargeDockerfile.importedAsMeant(stages) || stages.template().stages().size() != 10) {
      throw new IllegalStateException("the generated multi-stage Dockerfile does not import: "
          + stages.diagnostics().stream().limit(5).toList());
    }
  }

  @Benchmark
  public ImportResult importTenThousandInstructions() {
    return DockerfileImporter.importText(text, "bench");
  }

  @Benchmark
  public ImportResult importTenThousandInstructionsInStages() {
    return DockerfileImporter.importText(staged, "bench");
  }
}
