package dev.templatestudio.bridge.plan;

import dev.templatestudio.bridge.template.DownloadStep;
import dev.templatestudio.bridge.template.Stage;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import java.util.List;
import java.util.Optional;

/**
 * The parts of a template the document and the Dockerfile import can hold but a runtime does
 * not build yet (docs/DOCKERFILE.md, "The template document: stages, mounts, shell, download").
 * The embedded runtime (and serve, which runs it) builds stages, copies from a stage or image,
 * shells, downloads and RUN mounts ({@link #forEmbedded}); the docker runtime all of them but
 * downloads ({@link #forDocker}). A runtime refuses such a template before its first
 * step, in one sentence naming the place, rather than build something other than what the
 * template says. Pure.
 */
public final class UnbuiltParts {
  private static final String ON_EMBEDDED =
      " not built by the docker runtime yet; build it with --runtime embedded (or a remote runtime), "
          + "or export it with render --format dockerfile and build it with docker build.";

  private UnbuiltParts() {}

  /**
   * The first part of {@code template} the embedded runtime does not build yet, as a sentence, or
   * empty: it builds every part the document holds (a bind mount from a build stage is refused
   * by its mount planning, in the step's own sentence).
   */
  public static Optional<String> forEmbedded(Template template) {
    return Optional.empty();
  }

  /**
   * The first part of {@code template} the docker runtime does not build yet, as a sentence, or
   * empty: it builds stages, copies from a stage or an image, shells and RUN mounts, not downloads.
   */
  public static Optional<String> forDocker(Template template) {
    List<Step> all = template.steps();
    for (Stage stage : template.stages()) {
      for (int i = 1; i <= stage.steps().size(); i++) {
        if (stage.steps().get(i - 1) instanceof DownloadStep d) {
          return Optional.of("stage " + stage.name() + ", step " + i + ": a download (ADD " + d.url() + ") is"
              + ON_EMBEDDED);
        }
      }
    }
    for (int i = 1; i <= all.size(); i++) {
      if (all.get(i - 1) instanceof DownloadStep d) {
        return Optional.of("step " + i + ": a download (ADD " + d.url() + ") is" + ON_EMBEDDED);
      }
    }
    return Optional.empty();
  }
}
