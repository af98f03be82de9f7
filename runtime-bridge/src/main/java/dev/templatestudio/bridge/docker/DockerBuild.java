package dev.templatestudio.bridge.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.EventLog;
import dev.templatestudio.bridge.build.LoggedBuild;
import dev.templatestudio.bridge.build.RuntimeUnavailableException;
import dev.templatestudio.bridge.dockerfile.ShellQuoting;
import dev.templatestudio.bridge.plan.BuildPlan;
import dev.templatestudio.bridge.plan.RuntimeEnvs;
import dev.templatestudio.bridge.plan.StepDescriber;
import dev.templatestudio.bridge.plan.StepFailure;
import dev.templatestudio.bridge.plan.BuildHistory;
import dev.templatestudio.bridge.template.Resources;
import dev.templatestudio.bridge.template.Template;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One build on the Docker Engine, from {@code build-start} to {@code build-end}: checks the
 * template, plans the cache keys as the embedded runtime does (to explain misses), sends the
 * rendered Dockerfile and the copied files to {@code POST /build}, maps Docker's stream to
 * events, waits for the start command to get ready, and only then tags the image with the
 * template's name and tags. {@link #run} runs on one executor thread; the handle's methods are
 * thread-safe.
 */
final class DockerBuild extends LoggedBuild implements Runnable {
  private final DockerApi api;
  private final BuildHistory history;
  private final BuildRequest request;
  private final Set<DockerMachine> open;
  private final long started = System.nanoTime();
  private volatile DockerHttp.Response response;
  private volatile boolean cancelRequested;

  DockerBuild(DockerApi api, BuildHistory history, BuildRequest request, EventLog log, Set<DockerMachine> open) {
    super(log);
    this.api = api;
    this.history = history;
    this.request = request;
    this.open = open;
  }

  /** Closes the build's connection: the engine then stops the build and removes its container. */
  @Override
  public void cancel() {
    cancelRequested = true;
    DockerHttp.Response r = response;
    if (r != null) {
      try {
        r.close();
      } catch (IOException e) {
        // Closing a socket that fails to close leaves nothing more to do.
      }
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
    } catch (StepFailure e) {
      end = error(e.getMessage());
    } catch (RuntimeUnavailableException e) {
      end = error(e.getMessage());
    } catch (IOException | RuntimeException e) {
      end = error("the build failed on the Docker Engine at " + api.host().url() + ": " + e.getMessage());
    }
    BuildEvent e = log.append(end.steps(steps).durationMs((System.nanoTime() - started) / 1_000_000).build());
    result.complete(e);
  }

  private BuildEvent.Builder build(Template template) throws StepFailure, IOException {
    String name = DockerChecks.usable(request);
    List<String> messages = StepDescriber.describe(template);
    BuildPlan.Inputs inputs = BuildPlan.inputs(template, request.context());
    String baseRef = DockerChecks.baseImage(template);
    Optional<JsonNode> baseImage = baseRef == null ? Optional.empty() : api.image(baseRef);
    String baseId = baseImage.map(i -> i.path("Id").asText()).orElse(null);
    Map<String, String> runtimeEnvs = RuntimeEnvs.effective(
        DockerLabels.runtimeEnvs(baseImage.map(i -> i.path("Config").path("Labels")).orElse(null)), template);
    BuildPlan plan = BuildPlan.make(template, baseId != null ? baseId : "not on the engine: " + baseRef, inputs);
    List<BuildHistory.StepRecord> previous = history.last(name).map(BuildHistory.Record::steps).orElse(null);
    LegacyDockerfile dockerfile = LegacyDockerfile.of(template, plan.forcedFrom() >= 1 ? plan.forcedFrom() : -1, id());
    BuildStream stream = new BuildStream(new BuildStream.Plan(dockerfile, messages,
        plan.steps().stream().map(BuildHistory.StepRecord::key).toList(),
        baseRef == null || baseId != null,
        i -> i == 0 && baseId == null && baseRef != null
            ? "the base image " + baseRef + " is not on the Docker Engine yet"
            : DockerMissReasons.reason(i, plan, previous, request)), log);
    Path tar = Files.createTempFile("template-studio-context-", ".tar");
    try {
      ContextTar.write(tar, dockerfile.text(), inputs.sources().values());
      stream(tar, name, runtimeEnvs, stream);
    } finally {
      Files.deleteIfExists(tar);
      // The next build of this name explains its cache misses against this one.
      history.save(name, new BuildHistory.Record(plan.steps()));
    }
    if (cancelRequested) {
      return cancelled();
    }
    if (stream.error() != null || stream.imageId() == null) {
      return error(stream.error() != null ? stream.error() : "the Docker Engine ended the build without an image");
    }
    // Engines that send no aux ID name the image only by its short id in "Successfully built".
    String imageId = stream.imageId().startsWith("sha256:") ? stream.imageId()
        : api.image(stream.imageId()).map(i -> i.path("Id").asText()).orElse(stream.imageId());
    if (template.start() != null && template.start().command() != null) {
      String ready = awaitReady(template, imageId, runtimeEnvs);
      if (cancelRequested) {
        return cancelled();
      }
      log.append(BuildEvent.of(BuildEvent.READY).message(ready).build());
    }
    DockerChecks.tag(api, imageId, name, request.effectiveTags());
    return BuildEvent.of(BuildEvent.BUILD_END).status(BuildEvent.STATUS_READY)
        .ref(name + "@" + imageId).cacheHits(stream.cacheHits());
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

  /** The build's query parameters for the template's resources: each step's container is held to them. */
  private String limits() {
    Resources r = request.template().resources();
    String query = "";
    if (r != null && r.memoryMb() != null) {
      long bytes = r.memoryMb() * 1024L * 1024L;
      query += "&memory=" + bytes + "&memswap=" + bytes;
    }
    if (r != null && r.cpus() != null) {
      query += "&cpuperiod=100000&cpuquota=" + r.cpus() * 100_000L;
    }
    return query;
  }

  /** Runs the engine's build and feeds its messages to {@code stream} until it ends or is cancelled. */
  private void stream(Path tar, String name, Map<String, String> runtimeEnvs, BuildStream stream) throws IOException {
    String labels = DockerHttp.JSON.writeValueAsString(DockerLabels.of(name, request.template(), runtimeEnvs));
    boolean noCache = request.noCache() || request.template().force();
    String query = "dockerfile=" + DockerApi.q(ContextTar.DOCKERFILE) + "&rm=1&forcerm=1"
        + "&nocache=" + (noCache ? 1 : 0) + "&labels=" + DockerApi.q(labels)
        + "&buildargs=" + DockerApi.q(DockerHttp.JSON.writeValueAsString(buildArgs())) + limits();
    if (cancelRequested) {
      return;
    }
    try (DockerHttp.Response r = api.build(tar, query)) {
      response = r;
      if (cancelRequested) {
        r.close();
      }
      MappingIterator<JsonNode> messages = DockerHttp.JSON.readerFor(JsonNode.class).readValues(r.body);
      while (messages.hasNextValue()) {
        stream.accept(messages.nextValue());
      }
      stream.finish(stream.error() != null ? BuildEvent.STATUS_ERROR : BuildEvent.STATUS_DONE);
    } catch (IOException | RuntimeException e) {
      if (!cancelRequested) {
        stream.finish(BuildEvent.STATUS_ERROR);
        throw e;
      }
    }
    if (cancelRequested) {
      stream.finish(BuildEvent.STATUS_CANCELLED);
      DockerChecks.removeQuietly(api, stream.runningContainer());
    }
  }

  /**
   * The build envs whose ARG line holds no value, as Docker's build args: an empty one (else
   * Docker leaves it unset, where the embedded runtime sets it empty) and one with a line break
   * (only a note holds it). The others are their ARG line's default, which Docker expands, as a
   * build arg it would not.
   */
  private Map<String, String> buildArgs() {
    Map<String, String> args = new java.util.TreeMap<>();
    request.template().buildEnvs().forEach((k, v) -> {
      String value = v == null ? "" : v;
      if (value.isEmpty() || ShellQuoting.cannotStandOnALine(value)) {
        args.put(k, value);
      }
    });
    return args;
  }

  private static BuildEvent.Builder error(String message) {
    return BuildEvent.of(BuildEvent.BUILD_END).status(BuildEvent.STATUS_ERROR).message(message);
  }

  private static BuildEvent.Builder cancelled() {
    return BuildEvent.of(BuildEvent.BUILD_END).status(BuildEvent.STATUS_CANCELLED).message("the build was cancelled");
  }
}
