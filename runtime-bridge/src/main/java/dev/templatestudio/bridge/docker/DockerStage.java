package dev.templatestudio.bridge.docker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.EventLog;
import dev.templatestudio.bridge.plan.BuildHistory;
import dev.templatestudio.bridge.plan.BuildPlan;
import dev.templatestudio.bridge.plan.BuildScope;
import dev.templatestudio.bridge.plan.StepFailure;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The base and steps of one stage of a docker build (a build stage, or the final stage) with the
 * project's own cache, as the embedded runtime's StageBuild and StepExecutor do it: the keys are
 * the shared {@link BuildPlan}'s, variables expanded by the shared {@link BuildScope}, and an
 * image carrying a step's key in {@link DockerSteps#KEY_LABEL} is that step's cache entry; so a
 * step hits and misses, with the same reasons, where the embedded runtime's would. One thread.
 */
final class DockerStage {
  private final DockerApi api;
  private final BuildRequest request;
  private final EventLog log;
  private final String stage;
  private final List<BuildHistory.StepRecord> previous;
  private final List<String> messages;
  private final DockerBuild.Stages stages;
  private volatile DockerSteps steps;
  private volatile BuildPlan plan;
  private int hits;
  private JsonNode baseImage;
  /** The step that started and has not ended, or -1. */
  private int open = -1;
  private long openSince;

  /**
   * @param request  the build's request with this stage's own template
   * @param stage    the build stage's name; null for the final stage
   * @param previous this stage's steps in the last build of the name, or null
   */
  DockerStage(DockerApi api, BuildRequest request, EventLog log, String stage, List<BuildHistory.StepRecord> previous,
      List<String> messages, DockerBuild.Stages stages) {
    this.api = api;
    this.request = request;
    this.log = log;
    this.stage = stage;
    this.previous = previous;
    this.messages = messages;
    this.stages = stages;
  }

  BuildPlan plan() {
    return plan;
  }

  int cacheHits() {
    return hits;
  }

  /** The inspect JSON of the stage's base image, once resolved. */
  JsonNode baseImage() {
    return baseImage;
  }

  void cancel() {
    DockerSteps s = steps;
    if (s != null) {
      s.cancel();
    }
  }

  /** Ends the step still open with {@code status}, as the build ends for a failure or a cancel. */
  void endOpen(String status) {
    if (open >= 0) {
      append(BuildEvent.of(BuildEvent.STEP_END).step(open).status(status)
          .durationMs((System.nanoTime() - openSince) / 1_000_000));
      open = -1;
    }
  }

  /** Builds the stage; returns the inspect JSON of its last step's image. */
  JsonNode run(RunMountsOnDocker mounts) throws IOException, StepFailure, InterruptedException {
    Template template = request.template();
    int count = template.steps().size();
    BuildPlan.Inputs inputs = BuildPlan.inputs(template, request.context(),
        i -> !BuildScope.copyPathsExpand(template.steps().get(i - 1)));
    Map<Integer, String> fromResults = new HashMap<>();
    for (int i = 1; i <= count; i++) {
      if (template.steps().get(i - 1) instanceof CopyStep c && c.from() != null) {
        fromResults.put(i, c.from().isStage() ? stages.keyOf(c.from().stage()) : stages.imageOf(c.from()));
      }
    }
    inputs = inputs.plus(mounts.plan(template.steps(), stages::imageOf));
    long t0 = System.nanoTime();
    start(0);
    String baseKey;
    boolean pulled = false;
    if (template.base().isStage()) {
      baseImage = api.image(stages.imageOf(template.base())).orElseThrow();
      baseKey = stages.keyOf(template.base().stage());
    } else {
      String ref = template.base().reference();
      Optional<JsonNode> present = api.image(ref);
      if (present.isEmpty()) {
        // The cache event comes before the pull, which may fail: Docker pulls what it lacks.
        append(BuildEvent.of(BuildEvent.CACHE_MISS).step(0).cacheKey(DockerPull.askedKey(template.base()))
            .reason("the base image " + ref + " is not on the Docker Engine yet"));
        DockerPull.pull(api, ref, line -> append(BuildEvent.of(BuildEvent.LOG).step(0).level("info").message(line)));
        present = api.image(ref);
        pulled = true;
      }
      baseImage = present.orElseThrow(() -> new StepFailure("the base image " + ref + " is not on the Docker Engine"));
      baseKey = baseImage.path("Id").asText();
    }
    BuildScope scope = BuildScope.of(template, DockerSteps.envMap(baseImage.path("Config")), request.context());
    plan = BuildPlan.make(template, scope.expanded().steps(), baseKey, inputs.plus(scope.inputs()), fromResults);
    steps = new DockerSteps(api, request, mounts, stages::imageOf);
    if (stages.cancelled()) {
      steps.cancel();
    }
    // A base on the engine is there whatever the cache says; one a build stage made is its result.
    boolean skipBase = template.base().isStage() && (request.noCache() || template.force());
    if (!pulled) {
      announce(0, skipBase ? plan.missReason(0, previous, request) : null);
    }
    end(0, t0);
    JsonNode image = baseImage;
    for (int i = 1; i <= count; i++) {
      if (steps.cancelled()) {
        throw new InterruptedException("cancelled");
      }
      t0 = System.nanoTime();
      start(i);
      scope.check(i);
      Step step = scope.expanded().steps().get(i - 1);
      String key = plan.key(i);
      boolean skip = request.noCache() || template.force() || (plan.forcedFrom() >= 0 && i >= plan.forcedFrom());
      Optional<String> cached = skip ? Optional.empty() : stages.cached(key);
      String id;
      if (cached.isPresent()) {
        announce(i, null);
        id = cached.get();
      } else {
        announce(i, DockerMissReasons.reason(i, plan, previous, request));
        int at = i;
        id = steps.make(i, step, messages.get(i), image, env(scope.at(i)), plan.copySources(i), key,
            (stream, line) -> append(BuildEvent.of(BuildEvent.LOG).step(at).stream(stream).level("info")
                .message(line)),
            warning -> append(BuildEvent.of(BuildEvent.LOG).step(at).level("warn").message(warning)));
        stages.made(key, id);
      }
      image = api.image(id).orElseThrow(() -> new IOException("the engine lost image " + id));
      end(i, t0);
    }
    return image;
  }

  /** A command step's environment: the variables in its scope, then the template's secrets (the exec's only). */
  private Map<String, String> env(Map<String, String> scope) {
    Map<String, String> env = new LinkedHashMap<>(scope);
    for (String secret : request.template().secrets()) {
      String value = request.secretValues().get(secret);
      if (value != null) {
        env.put(secret, value);
      }
    }
    return env;
  }

  private void start(int i) {
    open = i;
    openSince = System.nanoTime();
    append(BuildEvent.of(BuildEvent.STEP_START).step(i).steps(request.template().steps().size())
        .message(messages.get(i)));
  }

  private void announce(int i, String reason) {
    String key = plan.key(i);
    if (reason == null) {
      hits++;
      append(BuildEvent.of(BuildEvent.CACHE_HIT).step(i).cacheKey(key));
    } else {
      append(BuildEvent.of(BuildEvent.CACHE_MISS).step(i).cacheKey(key).reason(reason));
    }
  }

  private void end(int i, long t0) {
    open = -1;
    append(BuildEvent.of(BuildEvent.STEP_END).step(i).status(BuildEvent.STATUS_DONE)
        .durationMs((System.nanoTime() - t0) / 1_000_000));
  }

  private void append(BuildEvent.Builder e) {
    log.append((stage == null ? e : e.stage(stage)).build());
  }
}
