package dev.templatestudio.bridge.docker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A container started from a built image, without a network, removed (with its processes) on
 * close: where ready checks and {@code run} commands execute. Its command is the image's start
 * command, or when the template has none a shell that waits, so commands can be exec'd into it.
 * Not thread-safe.
 */
final class DockerMachine implements AutoCloseable {
  /** Keeps a machine without a start command alive; {@code sleep infinity} is not in every busybox. */
  private static final List<String> IDLE = List.of("/bin/sh", "-c", "while :; do sleep 3600; done");
  private final DockerApi api;
  private final String id;

  private DockerMachine(DockerApi api, String id) {
    this.api = api;
    this.id = id;
  }

  /** Creates and starts a container of {@code image} with {@code env}, labelled with {@code label}. */
  static DockerMachine start(DockerApi api, String image, List<String> env, boolean hasStartCommand,
      Map<String, String> labels) throws IOException {
    ObjectNode config = DockerHttp.JSON.createObjectNode().put("Image", image);
    config.set("Env", DockerHttp.JSON.valueToTree(env));
    config.set("Labels", DockerHttp.JSON.valueToTree(labels));
    if (!hasStartCommand) {
      config.set("Cmd", DockerHttp.JSON.valueToTree(IDLE));
      // An ENTRYPOINT inherited from the base would swallow the idle shell as its arguments.
      config.set("Entrypoint", DockerHttp.JSON.valueToTree(List.of("")));
    }
    config.putObject("HostConfig").put("NetworkMode", "none");
    DockerMachine machine = new DockerMachine(api, api.createContainer(config));
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
    DockerChecks.removeQuietly(api, id);
  }
}
