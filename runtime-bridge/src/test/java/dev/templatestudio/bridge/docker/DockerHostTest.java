package dev.templatestudio.bridge.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.templatestudio.bridge.build.RuntimeUnavailableException;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which engine a {@code --runtime docker…} spelling means. */
class DockerHostTest {
  @Test
  void plainDockerHonoursDockerHostElseTheLocalSocket() throws Exception {
    assertThat(DockerHost.fromSpec("docker", Map.of()).url()).isEqualTo("unix:///var/run/docker.sock");
    DockerHost fromEnv = DockerHost.fromSpec("docker", Map.of("DOCKER_HOST", "unix:///run/ts-docker.sock"));
    assertThat(fromEnv.address()).isEqualTo(UnixDomainSocketAddress.of("/run/ts-docker.sock"));
    DockerHost tcp = DockerHost.fromSpec("docker:tcp://10.0.0.5:2375", Map.of("DOCKER_HOST", "unix:///x"));
    assertThat(((InetSocketAddress) tcp.address()).getHostString()).isEqualTo("10.0.0.5");
    assertThat(((InetSocketAddress) tcp.address()).getPort()).isEqualTo(2375);
  }

  @Test
  void otherAddressesAreRefusedInOneSentence() {
    assertThatThrownBy(() -> DockerHost.fromSpec("docker:ssh://me@host", Map.of()))
        .isInstanceOf(RuntimeUnavailableException.class)
        .hasMessage("\"ssh://me@host\" is not a Docker address the docker runtime can use; "
            + "use unix:///PATH or tcp://HOST:PORT (TLS is not supported).");
    assertThatThrownBy(() -> DockerHost.fromSpec("docker:tcp://host", Map.of()))
        .hasMessage("\"tcp://host\" is not a Docker address; use tcp://HOST:PORT.");
  }

  @Test
  void apiVersionsCompareNumerically() {
    assertThat(DockerApi.compare("1.9", "1.41")).isNegative();
    assertThat(DockerApi.compare("1.43", "1.41")).isPositive();
    assertThat(DockerApi.compare("1.41", "1.41")).isZero();
  }
}
