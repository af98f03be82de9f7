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
  void otherAddressesAreRefusedInOneSentenceNamingTheRuntime() {
    assertThatThrownBy(() -> DockerHost.fromSpec("docker:ssh://me@host", Map.of()))
        .isInstanceOf(RuntimeUnavailableException.class)
        .hasMessage("the runtime docker:ssh://me@host is not a Docker address the docker runtime can use; "
            + "use docker:unix:///PATH or docker:tcp://HOST:PORT (TLS is not supported).");
    assertThatThrownBy(() -> DockerHost.fromSpec("docker:tcp://host", Map.of()))
        .hasMessage("the runtime docker:tcp://host is not a Docker address; use docker:tcp://HOST:PORT.");
    assertThatThrownBy(() -> DockerHost.fromSpec("docker:tcp://", Map.of()))
        .isInstanceOf(RuntimeUnavailableException.class)
        .hasMessage("the runtime docker:tcp:// is not a Docker address; use docker:tcp://HOST:PORT.");
    assertThatThrownBy(() -> DockerHost.fromSpec("docker:unix://", Map.of()))
        .hasMessage("the runtime docker:unix:// names no socket; use docker:unix:///PATH.");
  }

  @Test
  void aBadDockerHostIsNamedAsSuch() {
    assertThatThrownBy(() -> DockerHost.fromSpec("docker", Map.of("DOCKER_HOST", "tcp://a b:1")))
        .isInstanceOf(RuntimeUnavailableException.class)
        .hasMessage("DOCKER_HOST=tcp://a b:1 is not a Docker address; use tcp://HOST:PORT.");
  }

  @Test
  void apiVersionsCompareNumerically() {
    assertThat(DockerApi.compare("1.9", "1.41")).isNegative();
    assertThat(DockerApi.compare("1.43", "1.41")).isPositive();
    assertThat(DockerApi.compare("1.41", "1.41")).isZero();
  }
}
