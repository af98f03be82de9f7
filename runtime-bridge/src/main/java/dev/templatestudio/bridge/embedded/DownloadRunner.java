package dev.templatestudio.bridge.embedded;

import dev.templatestudio.bridge.context.CopySources;
import dev.templatestudio.bridge.embedded.step.Download;
import dev.templatestudio.bridge.plan.StepFailure;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.DownloadStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Makes the layer of a download step ({@code ADD URL}): fetches the URL into the stage's scratch
 * dir ({@link Download}), checks the step's checksum, and only then writes the file into a new
 * layer the way a copy of that one file would (destination resolved inside the image, the
 * step's user, mode 0600 unless the step gives one, as Docker's ADD). Stateless.
 */
final class DownloadRunner {
  private DownloadRunner() {}

  static StepRunner.Layer run(StepRunner runner, int index, String description, DownloadStep step, ImageState image)
      throws IOException, StepFailure, InterruptedException {
    Path dir = Files.createDirectory(runner.scratch().resolve("download-" + index));
    Path file = dir.resolve("body");
    String name = Download.fileName(step.url());
    boolean intoDir = step.dest().endsWith("/");
    try {
      if (intoDir && name == null) {
        throw new StepFailure("the URL " + step.url() + " names no file, so the destination must be a file path, "
            + "not a folder ending in /");
      }
      String got = Download.fetch(step.url(), file, runner.budget(), runner::isCancelled);
      if (step.checksum() != null && !step.checksum().equals(got)) {
        throw new StepFailure("the download of " + step.url() + " has checksum " + got + ", not the "
            + step.checksum() + " the step expects");
      }
    } catch (StepFailure e) {
      throw new StepFailure("step " + index + " (" + description + ") failed: " + e.getMessage());
    }
    if (runner.isCancelled()) {
      throw new InterruptedException("cancelled");
    }
    String shownName = name == null ? "download" : name;
    CopyStep asCopy = new CopyStep(List.of(shownName), step.dest(), step.user(),
        step.mode() == null ? "0600" : step.mode(), false);
    return runner.copy(index, description, asCopy, List.of(new CopySources.Entry(file, step.url(),
        intoDir ? shownName : "", CopySources.Kind.FILE)), image);
  }
}
