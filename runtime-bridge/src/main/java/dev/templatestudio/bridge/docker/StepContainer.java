package dev.templatestudio.bridge.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.templatestudio.bridge.plan.ProcessLimit;
import dev.templatestudio.bridge.template.Resources;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The container one build step happens in: created from the previous step's image, its command
 * an idle shell so the step's command can be exec'd into it with an environment of its own (the
 * secrets among it, which the container's config, and so a commit of it, never holds), held to
 * the template's resources, then committed as the step's image and removed. Not thread-safe,
 * except {@link #close}, which a cancel calls from another thread.
 */
final class StepContainer implements AutoCloseable {
  private final DockerApi api;
  private final String id;
  private volatile boolean removed;

  private StepContainer(DockerApi api, String id) {
    this.api = api;
    this.id = id;
  }

  /**
   * Creates (and when {@code start}, starts) a step container of {@code image}.
   *
   * @param mounts {@code HostConfig.Mounts} entries: the step's RUN mounts, never committed
   */
  static StepContainer create(DockerApi api, String image, Resources resources,
      List<ObjectNode> mounts, boolean start) throws IOException {
    ObjectNode config = DockerHttp.JSON.createObjectNode().put("Image", image);
    // The idle shell as the entrypoint: the image's own entrypoint and command are the commit's.
    config.set("Entrypoint", DockerHttp.JSON.valueToTree(DockerMachine.IDLE));
    // No labels of its own: Docker's commit would copy them into the step's image.
    config.putArray("Cmd");
    // As the embedded runtime's steps, the host's network: a step may fetch packages.
    ObjectNode host = config.putObject("HostConfig").put("NetworkMode", "host");
    limit(host, resources);
    if (!mounts.isEmpty()) {
      ArrayNode list = host.putArray("Mounts");
      mounts.forEach(list::add);
    }
    StepContainer c = new StepContainer(api, api.createContainer(config));
    if (start) {
      try {
        api.startContainer(c.id);
      } catch (IOException | RuntimeException e) {
        c.close();
        throw e;
      }
    }
    return c;
  }

  /** Holds a step's or a machine's container to the template's resources and the sandbox's process limit. */
  static void limit(ObjectNode host, Resources resources) {
    host.put("PidsLimit", ProcessLimit.DEFAULT);
    if (resources != null && resources.memoryMb() != null) {
      // MemorySwap equal to Memory: no swap on top, as in the embedded runtime.
      long bytes = resources.memoryMb() * 1024L * 1024L;
      host.put("Memory", bytes).put("MemorySwap", bytes);
    }
    if (resources != null && resources.cpus() != null) {
      host.put("NanoCpus", resources.cpus() * 1_000_000_000L);
    }
  }

  String id() {
    return id;
  }

  /** Runs {@code command} with {@code env} as {@code user} in {@code workdir}; returns its exit code. */
  int exec(List<String> command, Map<String, String> env, String user, String workdir,
      BiConsumer<String, String> output) throws IOException {
    return api.exec(id, command, DockerLabels.env(env), user, workdir, output);
  }

  /** Whether the kernel killed a process of the container for memory (a step past resources.memoryMb). */
  boolean oomKilled() throws IOException {
    JsonNode state = api.inspectContainer(id).path("State");
    return state.path("OOMKilled").asBoolean(false);
  }

  /** Commits the container's files as an image with {@code config}; returns the image id. */
  String commit(ObjectNode config, String comment) throws IOException {
    return api.commit(id, config, comment);
  }

  /** Removes the container and what runs in it; safe to call twice and from another thread. */
  @Override
  public void close() {
    if (!removed) {
      removed = true;
      DockerChecks.removeQuietly(api, id);
    }
  }
}
