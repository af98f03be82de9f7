package dev.templatestudio.bridge.docker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.BuildThreads;
import dev.templatestudio.bridge.build.EventLog;
import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.build.SecretMasker;
import dev.templatestudio.bridge.build.TemplateInfo;
import dev.templatestudio.bridge.plan.BuildHistory;
import dev.templatestudio.bridge.template.Resources;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.BiConsumer;

/**
 * A runtime over the Docker Engine API (docs/DOCKER.md): templates are built step by step, each
 * step in a container of the previous step's image that is then committed, and are the engine's images that carry
 * {@link DockerLabels#TEMPLATE}. Only the steps' records for miss reasons live in the store. Each build runs
 * on its own daemon thread. Thread-safe.
 */
public final class DockerRuntime implements Runtime {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final DockerApi api;
  private final BuildHistory history;
  private final ExecutorService executor;
  /** Containers of runs and ready checks still up: close removes them (see {@link #close}). */
  private final Set<DockerMachine> machines = ConcurrentHashMap.newKeySet();

  private DockerRuntime(DockerApi api, BuildHistory history) {
    this.api = api;
    this.history = history;
    this.executor = BuildThreads.pool("docker-build-");
  }

  /**
   * Connects to the engine at {@code host} and agrees on the API version; the step records
   * that explain cache misses are kept under {@code store/docker}.
   *
   * @throws dev.templatestudio.bridge.build.RuntimeUnavailableException when the engine cannot be reached
   */
  public static DockerRuntime open(DockerHost host, Path store) throws IOException {
    DockerApi api = DockerApi.connect(host);
    return new DockerRuntime(api, BuildHistory.at(store.resolve("docker").resolve("history")));
  }

  @Override
  public String describe() {
    return "docker (" + api.host().url() + ", API " + api.version() + ")";
  }

  @Override
  public BuildHandle build(BuildRequest request) {
    EventLog log = new EventLog(newBuildId(), new SecretMasker(request.secretValues().values()));
    DockerBuild build = new DockerBuild(api, history, request, log, machines);
    executor.execute(build);
    return build;
  }

  /** The engine's images that carry {@link DockerLabels#TEMPLATE} and a tag of their template's name. */
  @Override
  public List<TemplateInfo> templates() throws IOException {
    List<TemplateInfo> out = new ArrayList<>();
    for (JsonNode image : api.images(DockerLabels.TEMPLATE)) {
      String name = image.path("Labels").path(DockerLabels.TEMPLATE).asText();
      List<String> tags = new ArrayList<>();
      for (JsonNode repoTag : image.path("RepoTags")) {
        // Podman names a local image localhost/NAME.
        String t = repoTag.asText().startsWith("localhost/") ? repoTag.asText().substring(10) : repoTag.asText();
        if (t.startsWith(name + ":")) {
          tags.add(t.substring(name.length() + 1));
        }
      }
      if (!tags.isEmpty()) {
        out.add(new TemplateInfo(name, tags, name + "@" + image.path("Id").asText(), image.path("Size").asLong()));
      }
    }
    out.sort(java.util.Comparator.comparing(TemplateInfo::name).thenComparing(TemplateInfo::ref));
    return out;
  }

  /**
   * Starts a machine from template {@code ref}, waits for its start command to be ready, runs
   * {@code command} in it with the runtime envs and removes it. Blocks the calling thread.
   *
   * @return the command's exit code
   */
  @Override
  public int run(String ref, List<String> command, BiConsumer<String, String> output) throws IOException {
    return DockerRun.run(api, machines, ref, command, null, null, output);
  }

  /** As {@link #run(String, List, BiConsumer)}, the command reading {@code stdin} (null: none). */
  @Override
  public int run(String ref, List<String> command, java.io.InputStream stdin, BiConsumer<String, String> output)
      throws IOException {
    return DockerRun.run(api, machines, ref, command, stdin, null, output);
  }

  /** As {@link #run(String, List, java.io.InputStream, BiConsumer)}, the container held to {@code resources}. */
  @Override
  public int run(String ref, List<String> command, java.io.InputStream stdin, Resources resources,
      BiConsumer<String, String> output) throws IOException {
    return DockerRun.run(api, machines, ref, command, stdin, resources, output);
  }

  /**
   * Stops taking builds and removes the containers still running: the engine would keep them
   * after this process ends, so the CLI closes the runtime from its Ctrl+C hook. Thread-safe.
   */
  @Override
  public void close() {
    executor.shutdown();
    List.copyOf(machines).forEach(DockerMachine::close);
  }

  private static String newBuildId() {
    // Time first, so ids sort by start; random after, so two builds in one millisecond differ.
    return Long.toString(System.currentTimeMillis(), 36) + "-" + Integer.toString(RANDOM.nextInt(1 << 30), 36);
  }
}
