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
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
    writeRecord(builds, id, true);
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

  @Test
  @Timeout(120)
  void sixHundredIdleAndHalfSentConnectionsHoldNoThreadsAndAreDroppedWhileHealthAnswersInASecond()
      throws Exception {
    assumeTrue(BusyboxFixture.available(), "busybox-static is not installed");
    Store store = EngineFixture.storeWithBusybox(tmp);
    List<Socket> slow = new ArrayList<>();
    try (ServeProcess serve = ServeProcess.start(store.root())) {
      // A first answer loads and compiles what answering takes: that is not what is measured here.
      healthMillis(serve.port());
      long threadsBefore = serve.threads();
      long start = System.nanoTime();
      // More than the connection cap; half send nothing, half stop in the middle of their head.
      for (int i = 0; i < 600; i++) {
        Socket s = new Socket("127.0.0.1", serve.port());
        if (i % 2 == 1) {
          s.getOutputStream().write("GET /v1/health HTTP/1.1\r\nHost: x\r\nAuthorization: Bea".getBytes(StandardCharsets.US_ASCII));
          s.getOutputStream().flush();
        }
        s.setSoTimeout(1);
        slow.add(s);
      }
      List<Long> healthTimes = new ArrayList<>();
      long threadsWhileOpen = 0;
      int open = slow.size();
      while (open > 0 && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(45)) {
        healthTimes.add(healthMillis(serve.port()));
        threadsWhileOpen = Math.max(threadsWhileOpen, serve.threads());
        open = (int) slow.stream().filter(ServeLimitsTest::stillOpen).count();
        Thread.sleep(500);
      }
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
      assertThat(open).as("connections still open after %d s", seconds).isZero();
      assertThat(seconds).as("seconds until all were dropped").isLessThan(40);
      assertThat(healthTimes).as("health answers in ms").allMatch(ms -> ms < 1000);
      assertThat(threadsWhileOpen - threadsBefore).as("threads the slow connections took").isLessThan(50);
    } finally {
      for (Socket s : slow) {
        s.close();
      }
    }
  }

  /** Milliseconds until GET /v1/health answered 200 on a new connection. */
  private static long healthMillis(int port) throws IOException {
    long t0 = System.nanoTime();
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(5000);
      s.getOutputStream().write(("GET /v1/health HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + ServeFixture.TOKEN
          + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
      assertThat(status).isEqualTo("HTTP/1.1 200 OK");
    }
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
  }

  /** True while the server has not closed {@code s} (reads time out at once instead of ending). */
  private static boolean stillOpen(Socket s) {
    try {
      while (true) {
        if (s.getInputStream().read() < 0) {
          return false;
        }
      }
    } catch (java.net.SocketTimeoutException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  @Timeout(300)
  void aLongBuildLeftRunningByAKilledServerIsEndedOnRestartInASmallHeap() throws Exception {
    assumeTrue(BusyboxFixture.available(), "busybox-static is not installed");
    Store store = EngineFixture.storeWithBusybox(tmp);
    String id = "killed-build";
    Path builds = Files.createDirectories(store.root().resolve("serve/builds"));
    writeRecord(builds, id, false);
    // Recovery read the whole record into memory: serve did not start in this heap.
    try (ServeProcess serve = ServeProcess.start(store.root(), "-Xmx64m")) {
      HttpResponse<String> status = ServeFixture.PLAIN.send(HttpRequest.newBuilder(URI.create(serve.url + "/v1/builds/"
          + id)).header("Authorization", "Bearer " + ServeFixture.TOKEN).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(RemoteApiTest.JSON.readTree(status.body()).path("status").asText()).isEqualTo("error");
    }
    List<String> tail = new ArrayList<>();
    try (Stream<String> lines = Files.lines(builds.resolve(id + ".jsonl"))) {
      lines.skip(LINES - 1L).forEach(tail::add);
    }
    assertThat(tail).hasSize(3);
    assertThat(RemoteApiTest.JSON.readTree(tail.get(1)).path("kind").asText()).isEqualTo("step-end");
    JsonNode end = RemoteApiTest.JSON.readTree(tail.get(2));
    assertThat(end.path("seq").asLong()).isEqualTo(LINES + 2L);
    assertThat(end.path("message").asText()).startsWith("server restarted");
  }

  /**
   * Writes the record of a build of {@link #LINES} events (a build-start, a step-start, output
   * lines, and a build-end when {@code ended}) with its status, as serve keeps them.
   */
  private static void writeRecord(Path builds, String id, boolean ended) throws IOException {
    ObjectMapper json = new ObjectMapper();
    try (BufferedWriter out = Files.newBufferedWriter(builds.resolve(id + ".jsonl"))) {
      out.write(json.writeValueAsString(BuildEvent.of(BuildEvent.BUILD_START).steps(1).build()
          .stamped(1, "2026-11-28T18:00:00.000Z", id)) + "\n");
      out.write(json.writeValueAsString(BuildEvent.of(BuildEvent.STEP_START).step(1).steps(1).message("RUN x").build()
          .stamped(2, "2026-11-28T18:00:00.000Z", id)) + "\n");
      for (int i = 3; i < LINES; i++) {
        out.write(json.writeValueAsString(BuildEvent.of(BuildEvent.LOG).step(1).stream("stdout").level("info")
            .message("output line " + i + " of a build that printed a great deal").build()
            .stamped(i, "2026-11-28T18:00:00.000Z", id)) + "\n");
      }
      BuildEvent last = ended ? BuildEvent.of(BuildEvent.BUILD_END).status(BuildEvent.STATUS_ERROR).message("it failed")
          .build() : BuildEvent.of(BuildEvent.LOG).step(1).message("still going").build();
      out.write(json.writeValueAsString(last.stamped(LINES, "2026-11-28T18:00:01.000Z", id)) + "\n");
    }
    Files.writeString(builds.resolve(id + ".json"), "{\"build\":\"" + id + "\",\"status\":\""
        + (ended ? "error" : "building") + "\",\"ref\":null,\"message\":" + (ended ? "\"it failed\"" : "null") + "}");
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
