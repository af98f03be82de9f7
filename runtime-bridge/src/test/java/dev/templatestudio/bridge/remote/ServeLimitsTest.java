package dev.templatestudio.bridge.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.embedded.BusyboxFixture;
import dev.templatestudio.bridge.embedded.EngineFixture;
import dev.templatestudio.bridge.embedded.store.Store;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a real serve in its own JVM does with requests that would take its memory or its threads. */
class ServeLimitsTest {
  static final int LINES = 500_000;
  @TempDir Path tmp;

  @Test
  @Timeout(300)
  void fourReplaysOfALongFinishedBuildStreamFromDiskInASmallHeap() throws Exception {
    assumeTrue(BusyboxFixture.available(), "busybox-static is not installed");
    Store store = EngineFixture.storeWithBusybox(tmp);
    String id = "long-build";
    Path builds = Files.createDirectories(store.root().resolve("serve/builds"));
    ObjectMapper json = new ObjectMapper();
    try (BufferedWriter out = Files.newBufferedWriter(builds.resolve(id + ".jsonl"))) {
      out.write(json.writeValueAsString(BuildEvent.of(BuildEvent.BUILD_START).steps(1).build()
          .stamped(1, "2026-11-28T18:00:00.000Z", id)) + "\n");
      for (int i = 2; i < LINES; i++) {
        out.write(json.writeValueAsString(BuildEvent.of(BuildEvent.LOG).step(1).stream("stdout").level("info")
            .message("output line " + i + " of a build that printed a great deal").build()
            .stamped(i, "2026-11-28T18:00:00.000Z", id)) + "\n");
      }
      out.write(json.writeValueAsString(BuildEvent.of(BuildEvent.BUILD_END).status(BuildEvent.STATUS_ERROR)
          .message("it failed").build().stamped(LINES, "2026-11-28T18:00:01.000Z", id)) + "\n");
    }
    Files.writeString(builds.resolve(id + ".json"),
        "{\"build\":\"" + id + "\",\"status\":\"error\",\"ref\":null,\"message\":\"it failed\"}");
    // Each replay read the whole record into memory: this heap held not even one.
    try (ServeProcess serve = ServeProcess.start(store.root(), "-Xmx64m")) {
      List<CompletableFuture<Long>> replays = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        replays.add(CompletableFuture.supplyAsync(() -> frames(serve.url + "/v1/builds/" + id + "/events")));
      }
      for (CompletableFuture<Long> replay : replays) {
        assertThat(replay.get(240, TimeUnit.SECONDS)).isEqualTo(LINES);
      }
      assertThat(serve.process.isAlive()).as(String.join("\n", serve.output)).isTrue();
    }
  }

  /** How many frames a GET of the event stream at {@code url} receives. */
  private static long frames(String url) {
    try {
      HttpResponse<Stream<String>> r = ServeFixture.PLAIN.send(HttpRequest.newBuilder(URI.create(url))
          .header("Authorization", "Bearer " + ServeFixture.TOKEN).build(), HttpResponse.BodyHandlers.ofLines());
      try (Stream<String> lines = r.body()) {
        return lines.filter(line -> line.startsWith("data: {")).count();
      }
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("the replay broke: " + e, e);
    }
  }

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
