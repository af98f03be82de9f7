package dev.templatestudio.bridge.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.runtimes.Runtimes;
import dev.templatestudio.bridge.embedded.BusyboxFixture;
import dev.templatestudio.bridge.embedded.EngineFixture;
import dev.templatestudio.bridge.embedded.sandbox.Cgroups;
import dev.templatestudio.bridge.embedded.sandbox.ResourceLimits;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.Resources;
import dev.templatestudio.bridge.template.Template;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --memory-mb} over the remote runtime: the machine on the server is held to it. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RemoteRunResourcesTest {
  private static final List<String> ALLOCATE_200_MB = List.of("dd", "if=/dev/zero", "of=/dev/null", "bs=200M", "count=1");
  @TempDir Path tmp;
  Store store;
  ServeFixture serve;
  Runtime remote;

  @BeforeEach
  void startServer() throws Exception {
    assumeTrue(BusyboxFixture.available(), "busybox-static is not installed");
    store = EngineFixture.storeWithBusybox(tmp);
    assumeTrue(Cgroups.host().problem(ResourceLimits.NONE).isEmpty(), "this machine has no usable cgroups");
    serve = ServeFixture.start(store);
    remote = Runtimes.open(serve.url(), null, ServeFixture.TOKEN);
  }

  @AfterEach
  void stopServer() {
    if (remote != null) {
      remote.close();
    }
    if (serve != null) {
      serve.close();
    }
  }

  @Test
  void theRunsResourcesReachTheMachineOnTheServer() throws Exception {
    Template t = Template.of(Base.template("busybox"), List.of()).withName("sized");
    EngineFixture.assertReady(remote.build(BuildRequest.of(t, Files.createDirectories(tmp.resolve("ctx")))));
    assertThat(remote.run("sized", ALLOCATE_200_MB, null, null, (s, l) -> { })).isZero();
    assertThatThrownBy(() -> remote.run("sized", ALLOCATE_200_MB, null, new Resources(null, 64), (s, l) -> { }))
        .hasMessage("the machine ran out of its 64 MB of memory (the command exited with code 137)");
  }

  @Test
  void resourcesOutOfBoundsAreRefusedNamingTheField() throws Exception {
    HttpResponse<String> r = ServeFixture.PLAIN.send(serve.request("/v1/runs").POST(HttpRequest.BodyPublishers.ofString(
        "{\"ref\":\"sized\",\"command\":[\"true\"],\"resources\":{\"memoryMb\":8}}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("\\\"resources.memoryMb\\\" must be a whole number from 64 to 1048576");
  }
}
