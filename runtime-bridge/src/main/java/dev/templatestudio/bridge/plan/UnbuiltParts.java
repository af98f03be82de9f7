package dev.templatestudio.bridge.plan;

import dev.templatestudio.bridge.template.Template;
import java.util.Optional;

/**
 * The parts of a template the document and the Dockerfile import can hold but a runtime does
 * not build yet (docs/DOCKERFILE.md, "The template document: stages, mounts, shell, download").
 * The embedded runtime (and serve, which runs it) and the docker runtime build stages, copies
 * from a stage or image, shells, downloads and RUN mounts ({@link #forEmbedded},
 * {@link #forDocker}): today neither refuses a part. A part a runtime cannot build is refused
 * here before the first step, in one sentence naming the place, rather than built as something
 * other than what the template says. Pure.
 */
public final class UnbuiltParts {
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
   * empty: it builds every part the document holds, as the embedded runtime does (a bind mount
   * of the context binds a host folder, so it needs an engine on this machine).
   */
  public static Optional<String> forDocker(Template template) {
    return Optional.empty();
  }
}
