package dev.templatestudio.bridge.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.HashReuse;
import dev.templatestudio.bridge.embedded.step.MountSources;
import dev.templatestudio.bridge.embedded.store.CacheMounts;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.plan.BuildHistory;
import dev.templatestudio.bridge.plan.BuildPlan;
import dev.templatestudio.bridge.plan.BuildScope;
import dev.templatestudio.bridge.plan.MissReasons;
import dev.templatestudio.bridge.plan.StepCanon;
import dev.templatestudio.bridge.plan.StepFailure;
import dev.templatestudio.bridge.template.Template;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The base and steps of one stage of a build — a build stage, or the final stage whose image is
 * published — with the cache: resolves the base (an image, a template, or a finished stage from
 * {@link StageResults}) and what its copies take files {@code from}, plans every key, then runs
 * step 0…N through a {@link StepExecutor}. Its events go through the stage's {@link StageLog}.
 * Used on one thread: the build's for the final stage, a stage thread for a build stage.
 */
final class StageBuild {
  private final Store store;
  private final StepRunner runner;
  private final BuildRequest request;
  private final HashReuse hashes;
  private final StageLog log;
  private final StageResults stages;
  private final List<BuildHistory.StepRecord> previous;
  private final List<String> messages;
  private volatile BuildPlan plan;
  private StepExecutor exec;

  /**
   * @param request  the build's request with the stage's own template (StagePlanner.asTemplate)
   * @param previous the same stage's steps in the last build of the name, or null
   * @param hashes   how context files are hashed (the engine's remembered hashes of unchanged files)
   * @param messages each step's {@code step-start} message, the base first
   */
  StageBuild(Store store, StepRunner runner, BuildRequest request, HashReuse hashes, StageLog log,
      StageResults stages, List<BuildHistory.StepRecord> previous, List<String> messages) {
    this.hashes = hashes;
    this.store = store;
    this.runner = runner;
    this.request = request;
    this.log = log;
    this.stages = stages;
    this.previous = previous;
    this.messages = messages;
  }

  /** The stage's keys once planned (after its base is resolved), else null. */
  BuildPlan plan() {
    return plan;
  }

  int cacheHits() {
    return exec == null ? 0 : exec.cacheHits();
  }

  /** Builds the stage; returns its image as its last step left it. */
  ImageState run() throws IOException, StepFailure, InterruptedException {
    Template template = request.template();
    int steps = template.steps().size();
    Path context = request.context() != null ? request.context() : Path.of("").toAbsolutePath();
    // Copy steps whose paths have variables select their files once the base's Env is known.
    BuildPlan.Inputs inputs = BuildPlan.inputs(template, request.context(),
        i -> !BuildScope.copyPathsExpand(template.steps().get(i - 1)), hashes);
    FromSources from = FromSources.resolve(template.steps(), stages, store, runner.budget(), context,
        line -> log(0, line));
    MountSources images = new ImageMountSources(store, runner.budget(), context, runner.scratch(), line -> log(0, line));
    RunMounts mounts = new RunMounts(new CacheMounts(store.root()), request.context(), request.secretValues(),
        source -> source.isStage() ? stageRoot(source.stage(), runner.scratch()) : images.rootOf(source),
        line -> log(0, line));
    // What bind mounts take is hashed now, so a source outside the context fails before any step.
    inputs = inputs.plus(mounts.plan(template.steps()));
    log.append(BuildEvent.of(BuildEvent.STEP_START).step(0).steps(steps).message(messages.get(0)).build());
    Throwable fault = null;
    try {
      long t0 = System.nanoTime();
      ImageState image;
      if (template.base().isStage()) {
        String stage = template.base().stage();
        ImageState built = stages.image(stage);
        BuildScope scope = BuildScope.of(template, ImageConfigs.envMap(built.config), request.context(), hashes);
        plan = BuildPlan.make(template, scope.expanded().steps(), stages.keyOf(stage),
            inputs.plus(scope.inputs()), from.results());
        exec = new StepExecutor(store, runner, request, plan, scope, previous, log, from, mounts);
        image = exec.baseStage(stage, built, t0);
      } else {
        BaseImages.Resolved base = resolveBase(template, context);
        ImageEnvs.Split baseConfig = ImageEnvs.split(base.config().config());
        BuildScope scope = BuildScope.of(template, ImageConfigs.envMap(baseConfig.build()), request.context(), hashes);
        plan = BuildPlan.make(template, scope.expanded().steps(), base.manifestDigest(),
            inputs.plus(scope.inputs()), from.results());
        exec = new StepExecutor(store, runner, request, plan, scope, previous, log, from, mounts);
        image = exec.base(base, baseConfig, t0);
      }
      for (int i = 1; i <= steps; i++) {
        if (runner.isCancelled()) {
          throw new InterruptedException("cancelled");
        }
        log.append(BuildEvent.of(BuildEvent.STEP_START).step(i).steps(steps).message(messages.get(i)).build());
        exec.step(i, messages.get(i), image);
      }
      return image;
    } catch (Throwable e) {
      fault = e;
      throw e;
    } finally {
      finishWrites(fault);
    }
  }

  /** Waits for the stage's cache entries; a failure to write one fails the stage unless {@code fault} did. */
  private void finishWrites(Throwable fault) throws IOException {
    if (exec == null) {
      return;
    }
    try {
      exec.finish();
    } catch (IOException e) {
      if (fault == null) {
        throw e;
      }
      fault.addSuppressed(e);
    }
  }

  /**
   * Resolves the base image. When it cannot be resolved, step 0 still gets its one cache event
   * before the error: a miss keyed by the reference alone, since there is no manifest.
   */
  private BaseImages.Resolved resolveBase(Template template, Path context) throws StepFailure, IOException {
    try {
      return BaseImages.resolve(template.base(), store, runner.budget(), context, line -> log(0, line));
    } catch (StepFailure | IOException | RuntimeException e) {
      JsonNode asked = StepCanon.base(template.base(), null);
      log.append(BuildEvent.of(BuildEvent.CACHE_MISS).step(0).cacheKey(StepCanon.key(null, asked, null))
          .reason(MissReasons.unresolvedBase(asked, previous, request.noCache(), template.force())).build());
      throw e;
    }
  }

  /**
   * A finished build stage as a bind mount's source: its unpacked layers (an empty dir for a
   * stage without any) and its last cache key, which names its content.
   */
  private MountSources.Root stageRoot(String stage, Scratch scratch) throws StepFailure, IOException {
    if (!stages.has(stage)) {
      throw new StepFailure("a bind mount from build stage " + stage + ": this build made no such stage");
    }
    List<Path> layers = stages.layersOf(stage);
    if (layers.isEmpty()) {
      layers = List.of(java.nio.file.Files.createDirectories(scratch.path().resolve("empty-stage")));
    }
    return new MountSources.Root(layers, stages.keyOf(stage));
  }

  private void log(int step, String line) {
    log.append(BuildEvent.of(BuildEvent.LOG).step(step).level("info").message(line).build());
  }
}
