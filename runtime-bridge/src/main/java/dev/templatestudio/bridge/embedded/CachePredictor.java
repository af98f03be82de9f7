package dev.templatestudio.bridge.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.CachePrediction;
import dev.templatestudio.bridge.build.HashReuse;
import dev.templatestudio.bridge.embedded.oci.ImageConfig;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.embedded.store.TemplateIndex;
import dev.templatestudio.bridge.plan.BuildHistory;
import dev.templatestudio.bridge.plan.BuildPlan;
import dev.templatestudio.bridge.plan.BuildScope;
import dev.templatestudio.bridge.plan.MissReasons;
import dev.templatestudio.bridge.plan.StepCanon;
import dev.templatestudio.bridge.plan.StepFailure;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.Template;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Foretells the cache events of an embedded build without building: plans as the build plans
 * ({@link BuildPlanning}) and looks each step up as the build does ({@link CacheLookup}), so
 * the prediction gives the build's own words. Only the base is found differently, without
 * pulling or archiving anything: a template base from the template index, an image base as the
 * last build of the same name resolved it (an image that changed since at its registry or in
 * its folder is not noticed). Reads the store only; runs on the caller's thread.
 */
final class CachePredictor {
  private final Store store;

  CachePredictor(Store store) {
    this.store = store;
  }

  /** The base as far as the store knows it: manifest and config, each null when not known. */
  private record KnownBase(String manifest, ImageConfig config) {}

  /**
   * True when {@link #predict} can tell this template's outcome: not yet for build stages, a base
   * or copy from a stage or an image, RUN mounts or downloads, whose keys take what only the
   * build resolves (a stage's result, a mount's files, a fetched file).
   */
  static boolean predicts(Template template) {
    if (!template.stages().isEmpty() || template.base() == null || template.base().isStage()) {
      return false;
    }
    return template.steps().stream().noneMatch(s -> s instanceof dev.templatestudio.bridge.template.CopyStep c
        && c.from() != null || s instanceof dev.templatestudio.bridge.template.RunStep r && !r.mounts().isEmpty()
        || s instanceof dev.templatestudio.bridge.template.DownloadStep);
  }

  CachePrediction predict(BuildRequest request, HashReuse reuse) throws IOException {
    Template template = request.template();
    List<CachePrediction.Step> steps = new ArrayList<>();
    List<BuildHistory.StepRecord> previous;
    BuildPlan.Inputs fixed;
    try {
      BuildPlanning.checkUsable(request);
      fixed = BuildPlanning.fixedInputs(request, reuse);
      previous = store.history().last(request.nameOrUnnamed()).map(BuildHistory.Record::steps).orElse(null);
    } catch (StepFailure e) {
      // The build fails before its first step: no step has a cache event.
      return new CachePrediction(steps, e.getMessage());
    }
    Optional<KnownBase> base = knownBase(template.base(), previous);
    if (base.isEmpty()) {
      JsonNode asked = StepCanon.base(template.base(), null);
      steps.add(new CachePrediction.Step(0, false,
          MissReasons.unresolvedBase(asked, previous, request.noCache(), template.force())));
      return new CachePrediction(steps, BaseImages.notInStore(template.base().template(), store));
    }
    ImageConfig config = base.get().config();
    BuildScope scope;
    try {
      Map<String, String> env = config == null ? Map.of() : BuildPlanning.baseEnv(ImageEnvs.split(config.config()));
      scope = BuildScope.of(template, env, request.context(), reuse);
    } catch (StepFailure e) {
      steps.add(new CachePrediction.Step(0, false, "the cache was not checked: " + FaultSentence.of(e)));
      return new CachePrediction(steps, e.getMessage());
    }
    BuildPlan plan = BuildPlanning.plan(template, scope, base.get().manifest(), fixed);
    List<String> diffIds = config == null || config.rootfs() == null ? null : config.rootfs().diffIds();
    steps.add(step(0, CacheLookup.base(store, plan, diffIds, request, previous)));
    for (int i = 1; i <= template.steps().size(); i++) {
      try {
        scope.check(i);
      } catch (StepFailure e) {
        steps.add(new CachePrediction.Step(i, false, "the cache was not checked: " + FaultSentence.of(e)));
        return new CachePrediction(steps, e.getMessage());
      }
      reuse.check();
      steps.add(step(i, CacheLookup.step(store, plan, i, request, previous)));
    }
    return new CachePrediction(steps, null);
  }

  private static CachePrediction.Step step(int i, CacheLookup.Outcome lookup) {
    return new CachePrediction.Step(i, lookup.hit(), lookup.reason());
  }

  /**
   * The base as the store knows it; empty for a template base that is not in the store (the
   * build fails on it). An image base is known by the last build of the same name when that
   * build had the same base, and its manifest is still in the store.
   */
  private Optional<KnownBase> knownBase(Base base, List<BuildHistory.StepRecord> previous) throws IOException {
    if (base.isTemplate()) {
      Optional<TemplateIndex.Resolved> found = BaseImages.indexed(base.template(), store);
      if (found.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new KnownBase(found.get().manifestDigest(),
          ImageWriter.load(store.blobs(), found.get().manifestDigest()).config()));
    }
    String asked = StepCanon.base(base, null).path("base").asText();
    if (previous == null || previous.isEmpty() || !asked.equals(previous.get(0).canonical().path("base").asText())) {
      return Optional.of(new KnownBase(null, null));
    }
    JsonNode manifest = previous.get(0).canonical().get("manifest");
    if (manifest == null || !manifest.isTextual()) {
      return Optional.of(new KnownBase(null, null));
    }
    String digest = manifest.asText();
    ImageConfig config = store.blobs().has(digest) ? ImageWriter.load(store.blobs(), digest).config() : null;
    return Optional.of(new KnownBase(digest, config));
  }
}
