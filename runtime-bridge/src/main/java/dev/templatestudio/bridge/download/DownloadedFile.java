package dev.templatestudio.bridge.download;

import dev.templatestudio.bridge.context.CopySources;
import dev.templatestudio.bridge.plan.StepFailure;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.DownloadStep;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A download step ({@code ADD URL}) fetched and checked, as the copy of one file that every
 * runtime then makes it: the body in {@code dir/body} ({@link HttpDownload}), its checksum
 * compared with the step's before anything lands, and the copy step it becomes (destination as
 * the step's, its user, mode 0600 unless the step gives one, as Docker's ADD). The embedded
 * runtime writes that copy into a layer, the docker runtime into its step container; both say
 * the same sentences because they both come from here.
 *
 * @param asCopy the copy step the download becomes
 * @param entry the one source file of that copy
 */
public record DownloadedFile(CopyStep asCopy, CopySources.Entry entry) {

  /**
   * Fetches {@code step}'s URL into {@code dir} (which the caller made and deletes).
   *
   * @param index the step's number, for the failure's sentence
   * @param description the step's description, for the failure's sentence
   * @throws StepFailure in one sentence naming the step: a refused URL or redirect, a body past
   *     the bound, a stall, a checksum that differs, a folder destination for a URL naming no file
   * @throws InterruptedException when {@code cancelled} turns true
   */
  public static DownloadedFile fetch(int index, String description, DownloadStep step, Path dir, WriteBound bound,
      BooleanSupplier cancelled) throws IOException, StepFailure, InterruptedException {
    Path file = dir.resolve("body");
    String name = HttpDownload.fileName(step.url());
    boolean intoDir = step.dest().endsWith("/");
    try {
      if (intoDir && name == null) {
        throw new StepFailure("the URL " + step.url() + " names no file, so the destination must be a file path, "
            + "not a folder ending in /");
      }
      String got = HttpDownload.fetch(step.url(), file, bound, cancelled);
      if (step.checksum() != null && !step.checksum().equals(got)) {
        throw new StepFailure("the download of " + step.url() + " has checksum " + got + ", not the "
            + step.checksum() + " the step expects");
      }
    } catch (StepFailure e) {
      throw new StepFailure("step " + index + " (" + description + ") failed: " + e.getMessage());
    }
    if (cancelled.getAsBoolean()) {
      throw new InterruptedException("cancelled");
    }
    String shownName = name == null ? "download" : name;
    CopyStep asCopy = new CopyStep(List.of(shownName), step.dest(), step.user(),
        step.mode() == null ? "0600" : step.mode(), false);
    return new DownloadedFile(asCopy, new CopySources.Entry(file, step.url(), intoDir ? shownName : "",
        CopySources.Kind.FILE));
  }
}
