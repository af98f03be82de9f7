package dev.templatestudio.bridge.docker;

import dev.templatestudio.bridge.plan.UnbuiltParts;
import java.util.Optional;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.context.LocalSources;
import dev.templatestudio.bridge.plan.StepFailure;
import dev.templatestudio.bridge.plan.StagePlanner;
import dev.templatestudio.bridge.template.Problem;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.TemplateNames;
import dev.templatestudio.bridge.template.TemplateValidator;
import java.io.IOException;
import java.util.List;

/**
 * What the docker runtime checks before and does after a build: which templates it can build
 * (valid, bases the engine can hold, nothing {@link UnbuiltParts#forDocker} refuses) and how a
 * finished image is tagged.
 * Stateless.
 */
final class DockerChecks {
  private DockerChecks() {}

  /** The name to build under, once the request is one this runtime can build. */
  static String usable(BuildRequest request) throws StepFailure {
    String name = request.nameOrUnnamed();
    String problem = TemplateNames.publishProblem(name, request.effectiveTags());
    if (problem != null) {
      throw new StepFailure(problem);
    }
    Template template = request.template();
    for (Problem p : TemplateValidator.validate(template)) {
      if (p.isError()) {
        throw new StepFailure("the template is not valid: " + p);
      }
    }
    Optional<String> unbuilt = UnbuiltParts.forDocker(template);
    if (unbuilt.isPresent()) {
      throw new StepFailure(unbuilt.get());
    }
    baseImage(template);
    for (dev.templatestudio.bridge.template.Stage stage : template.stages()) {
      baseImage(StagePlanner.asTemplate(template, stage));
    }
    return name;
  }

  /** The image reference of the base as Docker knows it, or null for none or a build stage. */
  static String baseImage(Template template) throws StepFailure {
    if (template.base() == null || template.base().isStage()) {
      return null;
    }
    String ref = template.base().reference();
    String local = LocalSources.prefixOf(ref);
    if (local != null) {
      throw new StepFailure("the docker runtime takes its base from the Docker Engine, not from " + local
          + " sources; load it into Docker first (docker load or docker import) and name that image.");
    }
    return ref;
  }

  /** Tags the built image with the template's name and each tag ({@code latest} when none). */
  static void tag(DockerApi api, String imageId, String name, List<String> tags) throws IOException {
    for (String tag : tags.isEmpty() ? List.of("latest") : tags) {
      api.tag(imageId, name, tag);
    }
  }

  /** Removes a container left behind, if any; a failure only leaves it for {@code docker rm}. */
  static void removeQuietly(DockerApi api, String container) {
    if (container == null) {
      return;
    }
    try {
      api.removeContainer(container);
    } catch (IOException e) {
      // Nothing to report to a build that has ended: the container is merely left over.
    }
  }
}
