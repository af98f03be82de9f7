package dev.templatestudio.bridge.embedded;

import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.HashReuse;
import dev.templatestudio.bridge.plan.BuildPlan;
import dev.templatestudio.bridge.plan.BuildScope;
import dev.templatestudio.bridge.plan.StepFailure;
import dev.templatestudio.bridge.plan.UnbuiltParts;
import dev.templatestudio.bridge.template.Problem;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.TemplateNames;
import dev.templatestudio.bridge.template.TemplateValidator;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * The planning half of an embedded build, before anything runs: whether the template can be
 * built, the files its copy steps take, the variables in scope and the chain of cache keys.
 * A build and a prediction ({@link CachePredictor}) both plan through here, so they key every
 * step alike. Stateless.
 */
final class BuildPlanning {
  private BuildPlanning() {}

  /** Throws the sentence a build of {@code request} fails with before its first step, if it does. */
  static void checkUsable(BuildRequest request) throws StepFailure {
    String problem = TemplateNames.publishProblem(request.nameOrUnnamed(), request.effectiveTags());
    if (problem != null) {
      throw new StepFailure(problem);
    }
    for (Problem p : TemplateValidator.validate(request.template())) {
      if (p.isError()) {
        throw new StepFailure("the template is not valid: " + p);
      }
    }
    Optional<String> unbuilt = UnbuiltParts.forEmbedded(request.template());
    if (unbuilt.isPresent()) {
      throw new StepFailure(unbuilt.get());
    }
  }

  /**
   * The files of the copy steps whose paths have no variables, selected and hashed before the
   * base is known, so that a missing source fails before anything runs.
   */
  static BuildPlan.Inputs fixedInputs(BuildRequest request, HashReuse reuse) throws StepFailure, IOException {
    Template template = request.template();
    return BuildPlan.inputs(template, request.context(),
        i -> !BuildScope.copyPathsExpand(template.steps().get(i - 1)), reuse);
  }

  /** The variables the steps see on a base whose config is {@code baseConfig}: the {@code Env} its build left. */
  static Map<String, String> baseEnv(ImageEnvs.Split baseConfig) {
    return ImageConfigs.envMap(baseConfig.build());
  }

  /** The key chain on the base {@code baseManifest}, with the files {@code scope} selected too. */
  static BuildPlan plan(Template template, BuildScope scope, String baseManifest, BuildPlan.Inputs fixed) {
    // No copy from a stage or an image: CachePredictor predicts only templates without them.
    return BuildPlan.make(template, scope.expanded().steps(), baseManifest, fixed.plus(scope.inputs()), Map.of());
  }
}
