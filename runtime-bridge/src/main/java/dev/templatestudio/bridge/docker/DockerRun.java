package dev.templatestudio.bridge.docker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.templatestudio.bridge.plan.StepFailure;
import dev.templatestudio.bridge.template.Resources;
import dev.templatestudio.bridge.template.Start;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * {@code run REF -- COMMAND} on the Docker Engine: finds the template's image, starts a
 * machine from it within the template's resources (or the run's), waits for its start command to be ready, runs the command in it with the
 * runtime envs and its input, and removes the machine. Blocks the calling thread; stateless.
 */
final class DockerRun {
  private DockerRun() {}

  static int run(DockerApi api, Set<DockerMachine> open, String ref, List<String> command, InputStream stdin,
      Resources resources, BiConsumer<String, String> output) throws IOException {
    JsonNode image = resolve(api, ref).orElseThrow(() -> new IOException("template \"" + ref
        + "\" is not on the Docker Engine at " + api.host().url() + " (docker templates lists what is)"));
    JsonNode labels = image.path("Config").path("Labels");
    Start start = DockerLabels.start(labels);
    List<String> env = DockerLabels.env(labels);
    boolean hasStart = start != null && start.command() != null;
    try (DockerMachine machine = DockerMachine.start(api, open, image.path("Id").asText(), env, hasStart,
        Map.of(DockerLabels.RUN, ref), Resources.overridden(DockerLabels.resources(labels), resources))) {
      if (hasStart) {
        new DockerReadyCheck(api, () -> false).await(machine.id(), start.ready(), env);
      }
      FrameLines lines = new FrameLines(output);
      int code = api.exec(machine.id(), command, env, stdin, lines);
      lines.flush();
      return code;
    } catch (StepFailure e) {
      throw new IOException("the machine did not get ready: " + e.getMessage());
    }
  }

  /**
   * The image of {@code name@sha256:ID}, {@code name:tag} or {@code name} (its {@code latest}
   * tag, else its newest build) that carries the template label of that name.
   */
  static Optional<JsonNode> resolve(DockerApi api, String ref) throws IOException {
    int at = ref.indexOf('@');
    String name = at >= 0 ? ref.substring(0, at) : ref.contains(":") ? ref.substring(0, ref.indexOf(':')) : ref;
    String image = at >= 0 ? ref.substring(at + 1) : ref.contains(":") ? ref : ref + ":latest";
    Optional<JsonNode> found = api.image(image);
    if (found.isEmpty() && at < 0 && !ref.contains(":")) {
      String newest = null;
      long created = Long.MIN_VALUE;
      for (JsonNode i : api.images(DockerLabels.TEMPLATE + "=" + name)) {
        if (i.path("Created").asLong() > created) {
          created = i.path("Created").asLong();
          newest = i.path("Id").asText();
        }
      }
      found = newest == null ? Optional.empty() : api.image(newest);
    }
    return found.filter(i -> name.equals(i.path("Config").path("Labels").path(DockerLabels.TEMPLATE).asText()));
  }
}
