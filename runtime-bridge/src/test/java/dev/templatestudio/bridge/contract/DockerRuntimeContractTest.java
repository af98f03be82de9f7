package dev.templatestudio.bridge.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.runtimes.Runtimes;
import dev.templatestudio.bridge.docker.DockerEngineFixture;
import dev.templatestudio.bridge.template.Base;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The runtime contract on the docker runtime, against the private dockerd of
 * {@link DockerEngineFixture} (started once per JVM on its own socket, ended with the JVM) and
 * its busybox image imported from busybox-static: no registry, no network.
 */
class DockerRuntimeContractTest extends RuntimeContract {
  private Path store;

  @Override
  Runtime open(Path dir) throws Exception {
    DockerEngineFixture.engine();
    store = dir.resolve("docker-store");
    return Runtimes.open("docker:" + DockerEngineFixture.HOST, store);
  }

  @Override
  Base base() {
    return Base.image(DockerEngineFixture.BASE);
  }

  /** The base is an image the engine holds: Docker's cache has it before any build of the name. */
  @Override
  String firstBuildBaseOutcome() {
    return "hit";
  }

  /** No container, running or stopped, nor a host process (a container's are the host's too) holds the marker. */
  @Override
  void assertNothingLeft(String marker) throws Exception {
    long deadline = System.currentTimeMillis() + Leftovers.GRACE_MILLIS;
    List<String> left = leftovers(marker);
    while (!left.isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
      left = leftovers(marker);
    }
    assertThat(left).as("containers and processes holding %s", marker).isEmpty();
  }

  private static List<String> leftovers(String marker) throws Exception {
    if (marker == null) {
      return List.of();
    }
    List<String> left = DockerEngineFixture.containerCommands().stream().filter(c -> c.contains(marker))
        .map(c -> "container " + c).collect(Collectors.toList());
    dev.templatestudio.bridge.testing.ProcessArgs.all().stream().filter(c -> c.contains(marker))
        .forEach(c -> left.add("process " + c));
    return left;
  }

  @Override
  Path keptFiles() {
    return store;
  }
}
