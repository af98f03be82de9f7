package dev.templatestudio.bridge.plan;

import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.DownloadStep;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import java.util.Optional;

/**
 * The parts of a template the document and the Dockerfile import can hold but a runtime does not
 * build yet: build stages, a base or copy from a stage or image, a shell for run steps, download
 * steps, and on every runtime but the embedded one RUN mounts (docs/DOCKERFILE.md, "Stages,
 * mounts, SHELL, ADD URL"). A runtime refuses such a template before its first step, in one
 * sentence naming the place, rather than build something other than what the template says. Pure.
 */
public final class UnbuiltParts {
  private UnbuiltParts() {}

  /** The first part of {@code template} no runtime builds yet, as a sentence, or empty. */
  public static Optional<String> first(Template template) {
    return first(template, false);
  }

  /**
   * The first part of {@code template} a runtime does not build, as a sentence, or empty;
   * {@code buildsRunMounts}: the runtime builds RUN mounts (the embedded one does).
   */
  public static Optional<String> first(Template template, boolean buildsRunMounts) {
    String instead = "; export it with render --format dockerfile and build it with docker build meanwhile.";
    if (!template.stages().isEmpty()) {
      return Optional.of("build stages (" + template.stages().get(0).name() + ") are not built by any "
          + "runtime yet" + instead);
    }
    if (template.base() != null && template.base().isStage()) {
      return Optional.of("the base names build stage " + template.base().stage()
          + ", and build stages are not built by any runtime yet" + instead);
    }
    if (!template.shell().isEmpty()) {
      return Optional.of("a shell for run steps (SHELL " + String.join(" ", template.shell())
          + ") is not built by any runtime yet" + instead);
    }
    for (int i = 1; i <= template.steps().size(); i++) {
      Optional<String> part = part(template.steps().get(i - 1), buildsRunMounts);
      if (part.isPresent()) {
        return Optional.of("step " + i + ": " + part.get() + instead);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> part(Step step, boolean buildsRunMounts) {
    if (step instanceof CopyStep c && c.from() != null) {
      return Optional.of("a copy from " + c.from().reference() + " (COPY --from) is not built by any runtime yet");
    }
    if (step instanceof RunStep r && !r.mounts().isEmpty() && !buildsRunMounts) {
      return Optional.of("RUN mounts (" + r.mounts().get(0).type() + ") are built by the embedded runtime only");
    }
    if (step instanceof DownloadStep d) {
      return Optional.of("a download (ADD " + d.url() + ") is not built by any runtime yet");
    }
    return Optional.empty();
  }
}
