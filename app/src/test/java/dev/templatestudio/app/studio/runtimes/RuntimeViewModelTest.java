package dev.templatestudio.app.studio.runtimes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.templatestudio.app.studio.common.CachePredictions;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.FileHashCache;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.Template;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeViewModelTest {
  @TempDir
  Path store;

  @Test
  void aRemoteTokenIsKeptOwnerOnlyAndGivenBackAfterARestart() throws Exception {
    List<RuntimeChoice> remembered = new ArrayList<>();
    RuntimeViewModel vm = new RuntimeViewModel(RuntimeChoice.EMBEDDED, store, remembered::add);
    vm.choiceProperty().set(RuntimeChoice.remote("http://build:7433", "s3cret"));
    Path file = store.resolve("remote-tokens.json");
    for (int i = 0; i < 200 && !(Files.exists(file) && Files.size(file) > 0); i++) {
      Thread.sleep(10);
    }
    assertThat(remembered).extracting(RuntimeChoice::spec).containsExactly("http://build:7433");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

    RuntimeViewModel restarted = new RuntimeViewModel(RuntimeChoice.remote("http://build:7433", null), store, c -> { });
    assertThat(restarted.choiceProperty().get().token()).isEqualTo("s3cret");
    RuntimeViewModel elsewhere = new RuntimeViewModel(RuntimeChoice.remote("http://other:7433", null), store, c -> { });
    assertThat(elsewhere.choiceProperty().get().token()).isNull();
  }

  @Test
  void aTokenGivenAtStartWinsOverTheKeptOne() throws Exception {
    RemoteTokens.inStore(store).keep("http://build:7433", "old");
    RuntimeViewModel vm = new RuntimeViewModel(RuntimeChoice.remote("http://build:7433", "from-env"), store, c -> { });
    assertThat(vm.choiceProperty().get().token()).isEqualTo("from-env");
  }

  @Test
  void anUnreadableTokensFileMeansNoToken() throws Exception {
    Files.writeString(store.resolve("remote-tokens.json"), "{not json");
    RuntimeViewModel vm = new RuntimeViewModel(RuntimeChoice.remote("http://build:7433", null), store, c -> { });
    assertThat(vm.choiceProperty().get().token()).isNull();
  }

  @Test
  void theTokenOfAServeOverTheSameStoreIsOffered() throws Exception {
    RuntimeViewModel vm = new RuntimeViewModel(RuntimeChoice.EMBEDDED, store, c -> { });
    assertThat(vm.localServeToken()).isNull();
    Files.createDirectories(store.resolve("serve"));
    Files.writeString(store.resolve("serve/token"), "abc123\n");
    assertThat(vm.localServeToken()).isEqualTo("abc123");
  }

  @Test
  void onlyHttpUrlsWithAHostNameAServe() {
    assertThat(RemoteRuntimeDialog.isHttpUrl("http://127.0.0.1:7433")).isTrue();
    assertThat(RemoteRuntimeDialog.isHttpUrl(" https://build.example ")).isTrue();
    assertThat(RemoteRuntimeDialog.isHttpUrl("http://")).isFalse();
    assertThat(RemoteRuntimeDialog.isHttpUrl("127.0.0.1:7433")).isFalse();
    assertThat(RemoteRuntimeDialog.isHttpUrl("ftp://host")).isFalse();
  }

  @Test
  void aTokenFromTheEnvironmentIsNeverWrittenToDisk() throws Exception {
    RuntimeViewModel vm = new RuntimeViewModel(RuntimeChoice.EMBEDDED, store, c -> { }, Map.of("TEMPLATE_STUDIO_TOKEN", "from-env"));
    vm.choiceProperty().set(RuntimeChoice.remote("http://build:7433", "from-env"));
    vm.choiceProperty().set(RuntimeChoice.remote("http://other:7433", "typed"));
    Path file = store.resolve("remote-tokens.json");
    for (int i = 0; i < 200 && !(Files.exists(file) && Files.readString(file).contains("typed")); i++) {
      Thread.sleep(10);
    }
    assertThat(Files.readString(file)).contains("typed").doesNotContain("from-env");
  }

  @Test
  void theRemoteRuntimeChosenLastIsOfferedAgainAfterASwitchAway() throws Exception {
    RuntimeViewModel vm = new RuntimeViewModel(RuntimeChoice.EMBEDDED, store, c -> { }, Map.of());
    assertThat(vm.remoteToOffer().url()).isNull();
    RemoteTokens.inStore(store).keep("http://build:7439", "kept");
    vm.choiceProperty().set(RuntimeChoice.remote("http://build:7439", null));
    vm.choiceProperty().set(RuntimeChoice.EMBEDDED);
    assertThat(vm.remoteToOffer().url()).isEqualTo("http://build:7439");
    assertThat(vm.remoteToOffer().token()).isEqualTo("kept");
  }

  @Test
  void aRemoteRuntimeWithoutATokenSaysWhereInTheStudioToGiveIt() {
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("TEMPLATE_STUDIO_TOKEN") == null,
        "TEMPLATE_STUDIO_TOKEN is set for this test run");
    assertThatThrownBy(() -> RuntimeFactory.open(RuntimeChoice.remote("http://127.0.0.1:1", null), store))
        .hasMessageContaining("Runtime > Remote").hasMessageNotContaining("--token-file");
  }

  @Test
  void aDockerEngineAtAnAddressIsTheRuntimeValueTheCommandLineTakes() {
    List<RuntimeChoice> remembered = new ArrayList<>();
    RuntimeViewModel vm = new RuntimeViewModel(RuntimeChoice.EMBEDDED, store, remembered::add, Map.of());
    assertThat(vm.dockerToOffer()).isEqualTo(RuntimeChoice.DOCKER);
    vm.choiceProperty().set(RuntimeChoice.docker("tcp://10.0.0.5:2375"));
    vm.choiceProperty().set(RuntimeChoice.EMBEDDED);
    assertThat(remembered).extracting(RuntimeChoice::spec).containsExactly("docker:tcp://10.0.0.5:2375", "embedded");
    assertThat(vm.dockerToOffer().url()).as("offered again after a switch away").isEqualTo("tcp://10.0.0.5:2375");
    assertThat(RuntimeChoice.docker("tcp://10.0.0.5:2375").label()).isEqualTo("Docker tcp://10.0.0.5:2375");
    assertThat(RuntimeChoice.DOCKER.spec()).isEqualTo("docker");
  }

  @Test
  void theLocalDockerEngineIsDockerHostWhenSetElseTheSocket() {
    assertThat(new RuntimeViewModel(RuntimeChoice.EMBEDDED, store, c -> { }, Map.of()).localDockerEngine())
        .isEqualTo("unix:///var/run/docker.sock");
    assertThat(new RuntimeViewModel(RuntimeChoice.EMBEDDED, store, c -> { }, Map.of("DOCKER_HOST", "tcp://d:2375"))
        .localDockerEngine()).isEqualTo("DOCKER_HOST=tcp://d:2375");
  }

  @Test
  void anUnreachableDockerEngineIsNamedInTheError() {
    assertThatThrownBy(() -> RuntimeFactory.open(RuntimeChoice.docker("tcp://127.0.0.1:1"), store))
        .hasMessageContaining("tcp://127.0.0.1:1");
  }

  @Test
  void onlyTheEmbeddedRuntimePredictsAndTheOthersAreNeverOpenedForIt() throws Exception {
    RuntimeViewModel vm = new RuntimeViewModel(RuntimeChoice.EMBEDDED, store, c -> { });
    CachePredictions predictions = vm.predictions(new FileHashCache(100));
    BuildRequest request = BuildRequest.of(Template.of(Base.template("nowhere"), List.of()).withName("p"), store);
    assertThat(predictions.predict(request, () -> false)).get()
        .satisfies(p -> assertThat(p.failure()).contains("base template \"nowhere\" is not in the store"));
    // Remote and Docker make no prediction: the studio asks no server or engine after every edit.
    // No token: a typed one would be kept on disk in the background, racing the folder's removal.
    vm.choiceProperty().set(RuntimeChoice.remote("http://127.0.0.1:9", null));
    assertThat(predictions.predict(request, () -> false)).isEmpty();
    vm.choiceProperty().set(RuntimeChoice.DOCKER);
    assertThat(predictions.predict(request, () -> false)).isEmpty();
  }
}
