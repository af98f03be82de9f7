package dev.templatestudio.bridge.embedded;

import dev.templatestudio.bridge.download.DownloadedFile;
import dev.templatestudio.bridge.plan.StepFailure;
import dev.templatestudio.bridge.template.DownloadStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Makes the layer of a download step ({@code ADD URL}): fetches the URL into the stage's scratch
 * dir and checks it ({@link DownloadedFile}, charged to the build's disk budget), and only then
 * writes the file into a new layer the way a copy of that one file would (destination resolved
 * inside the image). Stateless.
 */
final class DownloadRunner {
  private DownloadRunner() {}

  static StepRunner.Layer run(StepRunner runner, int index, String description, DownloadStep step, ImageState image)
      throws IOException, StepFailure, InterruptedException {
    Path dir = Files.createDirectory(runner.scratch().path().resolve("download-" + index));
    DownloadedFile got = DownloadedFile.fetch(index, description, step, dir, runner.budget(), runner::isCancelled);
    return runner.copy(index, description, got.asCopy(), List.of(got.entry()), image);
  }
}
