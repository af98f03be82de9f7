package dev.templatestudio.bridge.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.templatestudio.bridge.embedded.BusyboxFixture;
import dev.templatestudio.bridge.embedded.EngineFixture;
import dev.templatestudio.bridge.embedded.store.Store;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a real serve in its own JVM does with requests that would take its memory or its threads. */
class ServeLimitsTest {
  @TempDir Path tmp;

  @Test
  @Timeout(180)
  void aRequestOfSixtyThousandStepsIsRefusedInOneSentenceWithServeUnderOneAndAHalfGigabytes() throws Exception {
    assumeTrue(BusyboxFixture.available(), "busybox-static is not installed");
    Store store = EngineFixture.storeWithBusybox(tmp);
    StringBuilder steps = new StringBuilder();
    for (int i = 0; i < 60_000; i++) {
      steps.append(i == 0 ? "" : ",").append("{\"type\":\"env\",\"vars\":{\"V").append(i).append("\":\"value-")
          .append(i).append("\"}}");
    }
    String body = "{\"template\":{\"schema\":\"template-studio/v1\",\"name\":\"many\",\"base\":{\"template\":"
        + "\"busybox\"},\"steps\":[" + steps + "]}}";
    assertThat(body.length()).as("the size of the request in the issue").isGreaterThan(2_400_000);
    try (ServeProcess serve = ServeProcess.start(store.root())) {
      HttpResponse<String> r = ServeFixture.PLAIN.send(HttpRequest.newBuilder(URI.create(serve.url + "/v1/builds"))
          .header("Authorization", "Bearer " + ServeFixture.TOKEN).POST(HttpRequest.BodyPublishers.ofString(body))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
      JsonNode error = RemoteApiTest.JSON.readTree(r.body());
      assertThat(error.path("error").asText()).isEqualTo("the template is not valid at steps: a template has at "
          + "most 1000 steps and this one has 60000; split it into templates that build on one another (base.template)");
      assertThat(serve.output).noneMatch(line -> line.contains("started"));
      assertThat(serve.statusKb("VmHWM")).as("peak resident set in kB").isLessThan(1_500_000);
    }
  }
}
