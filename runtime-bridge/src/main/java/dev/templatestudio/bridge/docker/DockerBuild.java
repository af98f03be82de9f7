package dev.templatestudio.bridge.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.EventLog;
import dev.templatestudio.bridge.build.LoggedBuild;
import dev.templatestudio.bridge.build.RuntimeUnavailableException;
import dev.templatestudio.bridge.plan.BuildHistory;
import dev.templatestudio.bridge.plan.RuntimeEnvs;
import dev.templatestudio.bridge.plan.StagePlanner;
import dev.templatestudio.bridge.plan.StepCanon;
import dev.templatestudio.bridge.plan.StepDescriber;
import dev.templatestudio.bridge.plan.StepFailure;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.Ready;
import dev.templatestudio.bridge.template.Template;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One build on the Docker Engine, from {@code build-start} to {@code build-end}: checks the
 * template, builds its build stages and then its final stage step by step ({@link DockerStage}:
 * a container per step, committed, the project's cache keys as image labels), makes the image
 * with the template's labels and start command, waits for the start command to get ready, and
 * only then tags the image with the template's name and tags. {@link #run} runs on one executor
 * thread; the handle's methods are thread-safe.
 */
final class DockerBuild extends LoggedBuild implements Runnable {
  private final DockerApi api;
  private final BuildHistory history;
  private final BuildRequest request;
  private final Set<DockerMachine> open;
  private final long started = System.nanoTime();
  private volatile DockerStage current;
  private volatile boolean cancelRequested;

  DockerBuild(DockerApi api, BuildHistory history, BuildRequest request, EventLog log, Set<DockerMachine> open) {
    super(log);
    this.api = api;
    this.history = history;
    this.request = request;
    this.open = open;
  }

  /** Removes the running step's container: its command ends, and the build ends cancelled. */
  @Override
  public void cancel() {
    cancelRequested = true;
    DockerStage s = current;
    if (s != null) {
      s.cancel();
    }
  }

  boolean isCancelled() {
    return cancelRequested;
  }

  @Override
  public void run() {
    int steps = request.template().steps().size();
    BuildEvent.Builder end;
    try {
      log.append(BuildEvent.of(BuildEvent.BUILD_START).steps(steps).build());
      end = build(request.template());
    } catch (InterruptedException e) {
      endOpen(BuildEvent.STATUS_CANCELLED);
      end = cancelled();
    } catch (StepFailure | RuntimeUnavailableException e) {
      endOpen(BuildEvent.STATUS_ERROR);
      end = cancelRequested ? cancelled() : error(e.getMessage());
    } catch (IOException | RuntimeException e) {
      endOpen(cancelRequested ? BuildEvent.STATUS_CANCELLED : BuildEvent.STATUS_ERROR);
      end = cancelRequested ? cancelled()
          : error("the build failed on the Docker Engine at " + api.host().url() + ": " + e.getMessage());
    }
    BuildEvent e = log.append(end.steps(steps).durationMs((System.nanoTime() - started) / 1_000_000).build());
    result.complete(e);
  }

  private void endOpen(String status) {
    DockerStage s = current;
    if (s != null) {
      s.endOpen(status);
    }
  }

  private BuildEvent.Builder build(Template template) throws StepFailure, IOException, InterruptedException {
    String name = DockerChecks.usable(request);
    Optional<BuildHistory.Record> last = history.last(name);
    Stages stages = new Stages();
    Map<String, List<BuildHistory.StepRecord>> stageRecords = new LinkedHashMap<>();
    DockerStage own = null;
    JsonNode image;
    try (RunMountsOnDocker mounts = new RunMountsOnDocker(api, request.context(), request.secretValues(), id())) {
      for (StagePlanner.Planned p : StagePlanner.needed(template)) {
        Template stageTemplate = StagePlanner.asTemplate(template, p.stage());
        BuildRequest stageRequest = new BuildRequest(stageTemplate, request.context(), request.name(), request.tags(),
            request.noCache(), request.secretValues());
        DockerStage stage = new DockerStage(api, stageRequest, log, p.name(),
            last.map(r -> r.stages().get(p.name())).orElse(null), StepDescriber.describe(stageTemplate), stages);
        current = stage;
        JsonNode built;
        try {
          built = stage.run(mounts);
        } finally {
          if (stage.plan() != null) {
            stageRecords.put(p.name(), stage.plan().steps());
          }
        }
        stages.finished(p.name(), built.path("Id").asText(), stage.plan().key(stageTemplate.steps().size()));
      }
      own = new DockerStage(api, request, log, null, last.map(BuildHistory.Record::steps).orElse(null),
          StepDescriber.describe(template), stages);
      current = own;
      image = own.run(mounts);
    } finally {
      // The next build of this name explains its cache misses against this one.
      List<BuildHistory.StepRecord> steps = own != null && own.plan() != null ? own.plan().steps()
          : last.map(BuildHistory.Record::steps).orElse(null);
      if (steps != null || !stageRecords.isEmpty()) {
        history.save(name, new BuildHistory.Record(steps, stageRecords));
      }
    }
    current = null;
    JsonNode baseLabels = own.baseImage().path("Config").path("Labels");
    Map<String, String> runtimeEnvs = RuntimeEnvs.effective(
        DockerLabels.runtimeEnvs(baseLabels.isObject() ? baseLabels : null), template);
    String imageId = finish(image, name, runtimeEnvs, own.plan().key(template.steps().size()), stages);
    if (template.start() != null && template.start().command() != null) {
      String ready = awaitReady(template, imageId, runtimeEnvs);
      if (cancelRequested) {
        return cancelled();
      }
      log.append(BuildEvent.of(BuildEvent.READY).message(ready).build());
    }
    DockerChecks.tag(api, imageId, name, request.effectiveTags());
    return BuildEvent.of(BuildEvent.BUILD_END).status(BuildEvent.STATUS_READY)
        .ref(name + "@" + imageId).cacheHits(own.cacheHits());
  }

  /**
   * The template's image: the last step's with the template's labels (name, start, resources,
   * runtime envs) and its start command as {@code Cmd}, itself cached under a key of its own, so
   * a rebuild that changes nothing gives the same image id.
   */
  private String finish(JsonNode image, String name, Map<String, String> runtimeEnvs, String lastKey, Stages stages)
      throws IOException {
    Template template = request.template();
    ObjectNode config = DockerSteps.configOf(image);
    ObjectNode labels = config.with("Labels");
    DockerLabels.of(name, template, runtimeEnvs).forEach(labels::put);
    if (template.start() != null && template.start().command() != null) {
      config.set("Cmd", DockerHttp.JSON.valueToTree(List.of("/bin/sh", "-c", template.start().command())));
      config.putArray("Entrypoint");
    }
    if (template.start() != null && template.start().ready() instanceof Ready.Port p) {
      config.with("ExposedPorts").putObject(p.port() + "/tcp");
    }
    labels.remove(DockerSteps.KEY_LABEL);
    String key = StepCanon.key(lastKey, StepCanon.sorted(config), null);
    labels.put(DockerSteps.KEY_LABEL, key);
    Optional<String> cached = stages.cached(key);
    if (cached.isPresent()) {
      return cached.get();
    }
    try (StepContainer c = StepContainer.create(api, image.path("Id").asText(), null, List.of(), false)) {
      return c.commit(config, "template " + name);
    }
  }

  /** Starts the image's start command in a machine and waits until it is ready; the machine is then removed. */
  private String awaitReady(Template template, String imageId, Map<String, String> runtimeEnvs)
      throws StepFailure, IOException {
    List<String> env = DockerLabels.env(runtimeEnvs);
    try (DockerMachine machine = DockerMachine.start(api, open, imageId, env, true, Map.of(DockerLabels.CHECK, id()),
        template.resources())) {
      return new DockerReadyCheck(api, this::isCancelled).await(machine.id(), template.start().ready(), env);
    }
  }

  /** The build stages finished so far, and how a step finds the image a {@code from} names. */
  final class Stages implements RunMountsOnDocker.FromImages {
    private final Map<String, String> images = new HashMap<>();
    private final Map<String, String> keys = new HashMap<>();
    /** The engine's step images by their key label, read once per build: one list instead of one per step. */
    private Map<String, String> cache;

    /** The image whose key label is {@code key}, if the engine has one. */
    Optional<String> cached(String key) throws IOException {
      if (cache == null) {
        cache = new HashMap<>();
        Map<String, Long> created = new HashMap<>();
        List<JsonNode> all = new java.util.ArrayList<>();
        api.allImages(DockerSteps.KEY_LABEL).forEach(all::add);
        // An image made from a keyed one (a `docker commit` of a machine, a `FROM` it) inherits
        // its key label but is not that step: it is a child of a keyed image, and newer.
        Set<String> ids = new java.util.HashSet<>();
        all.forEach(i -> ids.add(i.path("Id").asText()));
        for (JsonNode i : all) {
          String k = i.path("Labels").path(DockerSteps.KEY_LABEL).asText(null);
          String parent = i.path("ParentId").asText("");
          boolean child = ids.contains(parent)
              && k != null && k.equals(labelOf(all, parent));
          long when = i.path("Created").asLong();
          // Of two images with one key (two builds at once, or a child the check above missed), the older.
          if (k != null && !child && when < created.getOrDefault(k, Long.MAX_VALUE)) {
            cache.put(k, i.path("Id").asText());
            created.put(k, when);
          }
        }
      }
      return Optional.ofNullable(cache.get(key));
    }

    private static String labelOf(List<JsonNode> images, String id) {
      for (JsonNode i : images) {
        if (i.path("Id").asText().equals(id)) {
          return i.path("Labels").path(DockerSteps.KEY_LABEL).asText(null);
        }
      }
      return null;
    }

    /** Records the image a step just made under its key. */
    void made(String key, String imageId) {
      if (cache != null) {
        cache.put(key, imageId);
      }
    }

    void finished(String stage, String imageId, String key) {
      images.put(stage, imageId);
      keys.put(stage, key);
    }

    /** The last cache key of finished stage {@code stage}: what names its content. */
    String keyOf(String stage) throws StepFailure {
      String key = keys.get(stage);
      if (key == null) {
        throw new StepFailure("build stage " + stage + " was not built by this build");
      }
      return key;
    }

    /** The image of a finished stage, or the engine's image of that reference (pulled when missing). */
    @Override
    public String imageOf(Base from) throws IOException, StepFailure {
      if (from.isStage()) {
        String image = images.get(from.stage());
        if (image == null) {
          throw new StepFailure("build stage " + from.stage() + " was not built by this build");
        }
        return image;
      }
      String ref = from.reference();
      Optional<JsonNode> found = api.image(ref);
      if (found.isEmpty()) {
        DockerPull.pull(api, ref, line -> { });
        found = api.image(ref);
      }
      return found.orElseThrow(() -> new StepFailure("image " + ref + " is not on the Docker Engine"))
          .path("Id").asText();
    }

    boolean cancelled() {
      return cancelRequested;
    }
  }

  private static BuildEvent.Builder error(String message) {
    return BuildEvent.of(BuildEvent.BUILD_END).status(BuildEvent.STATUS_ERROR).message(message);
  }

  private static BuildEvent.Builder cancelled() {
    return BuildEvent.of(BuildEvent.BUILD_END).status(BuildEvent.STATUS_CANCELLED).message("the build was cancelled");
  }
}
