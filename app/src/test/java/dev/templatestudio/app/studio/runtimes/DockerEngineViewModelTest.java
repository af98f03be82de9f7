package dev.templatestudio.app.studio.runtimes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.docker.DockerHost;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerEngineViewModelTest {

  @Test
  void theLocalEngineNeedsNoAddress() {
    DockerEngineViewModel vm = new DockerEngineViewModel(RuntimeChoice.DOCKER, "unix:///var/run/docker.sock");
    assertThat(vm.localProperty().get()).isTrue();
    assertThat(vm.problemProperty().get()).isEmpty();
    assertThat(vm.choice()).isEqualTo(RuntimeChoice.DOCKER);
  }

  @Test
  void typingAnAddressChoosesItAndItIsCheckedAsTyped() {
    DockerEngineViewModel vm = new DockerEngineViewModel(RuntimeChoice.DOCKER, "unix:///var/run/docker.sock");
    vm.addressProperty().set("10.0.0.5");
    assertThat(vm.localProperty().get()).isFalse();
    assertThat(vm.problemProperty().get()).isEqualTo("Start the address with tcp://, such as tcp://192.168.1.20:2375.");
    assertThat(vm.choice()).isNull();
    vm.addressProperty().set(" tcp://10.0.0.5:2375 ");
    assertThat(vm.problemProperty().get()).isEmpty();
    assertThat(vm.choice().spec()).isEqualTo("docker:tcp://10.0.0.5:2375");
    vm.addressProperty().set("tcp://10.0.0.5");
    vm.localProperty().set(true);
    assertThat(vm.problemProperty().get()).as("the address is not used").isEmpty();
    assertThat(vm.choice()).isEqualTo(RuntimeChoice.DOCKER);
  }

  @Test
  void aChosenAddressIsOfferedAsItWas() {
    DockerEngineViewModel vm = new DockerEngineViewModel(RuntimeChoice.docker("tcp://build:2375"), "x");
    assertThat(vm.localProperty().get()).isFalse();
    assertThat(vm.addressProperty().get()).isEqualTo("tcp://build:2375");
    assertThat(vm.choice()).isEqualTo(RuntimeChoice.docker("tcp://build:2375"));
  }

  @Test
  void eachWrongAddressSaysWhatToFix() {
    assertThat(DockerAddress.problem("")).startsWith("Enter the engine's address");
    assertThat(DockerAddress.problem("https://build:2376")).startsWith("Only tcp:// addresses work here");
    assertThat(DockerAddress.problem("unix:///var/run/docker.sock")).startsWith("Only tcp:// addresses");
    assertThat(DockerAddress.problem("build:2375")).startsWith("Start the address with tcp://");
    assertThat(DockerAddress.problem("tcp://:2375")).startsWith("Give the engine's host name");
    assertThat(DockerAddress.problem("tcp://-bad-:2375")).startsWith("Give the engine's host name");
    assertThat(DockerAddress.problem("tcp://build")).isEqualTo("Add the engine's port after the host, such as :2375.");
    assertThat(DockerAddress.problem("tcp://build:")).isEqualTo("Add the engine's port after the host, such as :2375.");
    assertThat(DockerAddress.problem("tcp://build:http")).isEqualTo("The port must be a number from 1 to 65535.");
    assertThat(DockerAddress.problem("tcp://build:70000")).isEqualTo("The port must be a number from 1 to 65535.");
    assertThat(DockerAddress.problem("tcp://build:0")).isEqualTo("The port must be a number from 1 to 65535.");
    assertThat(DockerAddress.problem("tcp://build:2375/v1.41")).startsWith("Give only tcp://HOST:PORT");
  }

  @Test
  void whatPassesTheCheckTheDockerRuntimeAccepts() throws Exception {
    for (String ok : new String[] {"tcp://build:2375", "tcp://10.0.0.5:2375", "tcp://[::1]:2375",
        "tcp://docker.example.com:65535", "tcp://localhost:1"}) {
      assertThat(DockerAddress.problem(ok)).as(ok).isNull();
      assertThat(DockerHost.fromSpec("docker:" + ok, Map.of()).url()).isEqualTo(ok);
    }
  }
}
