package dev.templatestudio.bridge.plan;

import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.DownloadStep;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Stage;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import java.util.List;
import java.util.Optional;

/**
 * The parts of a template the document and the Dockerfile import can hold but a runtime does
 * not build yet (docs/DOCKERFILE.md, "The template document: stages, mounts, shell, download").
 * The embedded runtime (and serve, which runs it) builds stages, copies from a stage or image,
 * shells, downloads and RUN mounts ({@link #forEmbedded}); the docker runtime refuses all of
 * them ({@link #forDocker}). A runtime refuses such a template before its first
 * step, in one sentence naming the place, rather than build something other than what the
 * template says. Pure.
 */
public final class UnbuiltParts {
  private static final String INSTEAD =
      "; export it with render --format dockerfile and build it with docker build meanwhile.";
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

  /** The first part of {@code template} the docker runtime does not build yet, as a sentence, or empty. */
  public static Optional<String> forDocker(Template template) {
    if (!template.stages().isEmpty()) {
      return Optional.of("build stages (" + template.stages().get(0).name() + ") are" + ON_EMBEDDED);
    }
    if (template.base() != null && template.base().isStage()) {
      return Optional.of("a base naming build stage " + template.base().stage() + " is" + ON_EMBEDDED);
    }
    if (!template.shell().isEmpty()) {
      return Optional.of("a shell for run steps (SHELL " + String.join(" ", template.shell()) + ") is" + ON_EMBEDDED);
    }
    for (int i = 1; i <= template.steps().size(); i++) {
      Step step = template.steps().get(i - 1);
      if (step instanceof CopyStep c && c.from() != null) {
        return Optional.of("step " + i + ": a copy from " + c.from().reference() + " (COPY --from) is" + ON_EMBEDDED);
      }
      if (step instanceof DownloadStep d) {
        return Optional.of("step " + i + ": a download (ADD " + d.url() + ") is" + ON_EMBEDDED);
      }
    }
    return mounts(template.steps(), "");
  }

  private static Optional<String> mounts(List<Step> steps, String where) {
    for (int i = 1; i <= steps.size(); i++) {
      if (steps.get(i - 1) instanceof RunStep r && !r.mounts().isEmpty()) {
        return Optional.of(where + "step " + i + ": RUN mounts (" + r.mounts().get(0).type()
            + ") are built by the embedded runtime only" + INSTEAD);
      }
    }
    return Optional.empty();
  }
}
