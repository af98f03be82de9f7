package dev.templatestudio.bridge.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.templatestudio.bridge.host.FakeMachine;
import dev.templatestudio.bridge.host.HostFacts;
import dev.templatestudio.bridge.host.Need;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docker runtime's need, a Docker Engine: answering (the tests' private one), not installed
 * (missing, with the package), installed but stopped (off, with the command that starts it);
 * the runtime says the same sentence when it cannot connect.
 */
class DockerEngineNeedTest {
  @TempDir Path tmp;

  @Test
  void anEngineThatAnswersIsThereWithItsApiVersion() throws Exception {
    DockerEngineFixture.engine();
    Need need = DockerEngineNeed.check(HostFacts.under(Path.of("/"), Map.of("DOCKER_HOST", DockerEngineFixture.HOST), 0));
    assertThat(need.state()).isEqualTo(Need.State.OK);
    assertThat(need.detail()).startsWith("answers at " + DockerEngineFixture.HOST + " (API 1.");
  }

  @Test
  void withoutDockerdTheEngineIsMissingAndTheFixInstallsIt() throws Exception {
    FakeMachine machine = new FakeMachine(tmp);
    Need need = DockerEngineNeed.unreachable(machine.facts(), DockerHost.parse(DockerHost.DEFAULT_SOCKET),
        "No such file or directory");
    assertThat(need.state()).isEqualTo(Need.State.MISSING);
    assertThat(need.sentence()).isEqualTo("cannot reach the Docker Engine at unix:///var/run/docker.sock: "
        + "No such file or directory; fix: apt-get install docker.io");
  }

  @Test
  void anInstalledEngineThatIsNotRunningIsOffAndTheFixStartsIt() throws Exception {
    FakeMachine machine = new FakeMachine(tmp).tool("/usr/sbin/dockerd").uid(1000);
    DockerHost local = DockerHost.parse(DockerHost.DEFAULT_SOCKET);
    assertThat(DockerEngineNeed.unreachable(machine.facts(), local, "Connection refused").fix())
        .isEqualTo("sudo service docker start");
    machine.file("/run/systemd/system/.keep", "");
    Need need = DockerEngineNeed.unreachable(machine.facts(), local, "Connection refused");
    assertThat(need.state()).isEqualTo(Need.State.OFF);
    assertThat(need.fix()).isEqualTo("sudo systemctl start docker");
    assertThat(DockerEngineNeed.unreachable(machine.facts(), local, "Permission denied").fix())
        .isEqualTo("sudo usermod -aG docker $USER, then log in again");
  }

  @Test
  void theDockerRuntimeSaysWhatDoctorSays() throws Exception {
    FakeMachine machine = new FakeMachine(tmp).env("DOCKER_HOST", "unix://" + tmp.resolve("none.sock"));
    Need need = DockerEngineNeed.check(machine.facts());
    assertThat(need.state()).isEqualTo(Need.State.OFF);
    assertThat(need.fix()).isEqualTo("start a Docker Engine on that socket (dockerd --host unix://" + tmp.resolve("none.sock") + ")");
    assertThatThrownBy(() -> DockerRuntime.open(DockerHost.parse("unix://" + tmp.resolve("none.sock")), tmp))
        .hasMessage(need.sentence());
  }
}
