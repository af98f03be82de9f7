package dev.templatestudio.bridge.docker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.templatestudio.bridge.template.Resources;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A container started from a built image, without a network, removed (with its processes) on
 * close: where ready checks and {@code run} commands execute. Its command is the image's start
 * command, or when the template has none a shell that waits, so commands can be exec'd into it.
 * While it exists it is in its runtime's set of open machines, so that closing the runtime (as
 * Ctrl+C does) removes it too. Closing is thread-safe; the rest is not.
 */
final class DockerMachine implements AutoCloseable {
  /** Keeps a machine without a start command alive; {@code sleep infinity} is not in every busybox. */
  static final List<String> IDLE = List.of("/bin/sh", "-c", "while :; do sleep 3600; done");
  private final DockerApi api;
  private final String id;
  private final Set<DockerMachine> open;

  private DockerMachine(DockerApi api, String id, Set<DockerMachine> open) {
    this.api = api;
    this.id = id;
    this.open = open;
    open.add(this);
  }

  /**
   * Creates and starts a container of {@code image} with {@code env}, labelled with
   * {@code labels}, held to {@code resources} (null: none) and the process limit of every
   * sandbox; it stays in {@code open} until closed.
   */
  static DockerMachine start(DockerApi api, Set<DockerMachine> open, String image, List<String> env,
      boolean hasStartCommand, Map<String, String> labels, Resources resources) throws IOException {
    ObjectNode config = DockerHttp.JSON.createObjectNode().put("Image", image);
    config.set("Env", DockerHttp.JSON.valueToTree(env));
    config.set("Labels", DockerHttp.JSON.valueToTree(labels));
    if (!hasStartCommand) {
      config.set("Cmd", DockerHttp.JSON.valueToTree(IDLE));
      // An ENTRYPOINT inherited from the base would swallow the idle shell as its arguments.
      config.set("Entrypoint", DockerHttp.JSON.valueToTree(List.of("")));
    }
    StepContainer.limit(config.putObject("HostConfig").put("NetworkMode", "none"), resources);
    DockerMachine machine = new DockerMachine(api, api.createContainer(config), open);
    try {
      api.startContainer(machine.id);
    } catch (IOException | RuntimeException e) {
      machine.close();
      throw e;
    }
    return machine;
  }

  String id() {
    return id;
  }

  @Override
  public void close() {
    open.remove(this);
    DockerChecks.removeQuietly(api, id);
  }
}
