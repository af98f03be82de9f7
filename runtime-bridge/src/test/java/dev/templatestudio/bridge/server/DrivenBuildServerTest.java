package dev.templatestudio.bridge.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.EventLog;
import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.build.SecretMasker;
import dev.templatestudio.bridge.build.TemplateInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real server over a runtime whose one build this test drives. */
class DrivenBuildServerTest {
  static final String ID = "full-disk-build";
  static final ObjectMapper JSON = new ObjectMapper();
  static final String BODY = """
      {"template": {"schema": "template-studio/v1", "base": {"template": "busybox"}, "steps": []}}""";
  @TempDir Path tmp;

  @Test
  void aBuildStartingWhileTheServerStopsIsCancelledWithTheOthers() throws Exception {
    DrivenRuntime runtime = new DrivenRuntime();
    runtime.release = new CountDownLatch(1);
    ApiServer server = ApiServer.start(runtime, tmp.resolve("serve"),
        new ApiServer.Options("127.0.0.1", 0, ApiToken.of("t"), 1 << 20, "test", line -> { }));
    CompletableFuture<HttpResponse<String>> posted = CompletableFuture.supplyAsync(() -> {
      try {
        return send(server, HttpRequest.newBuilder(server.url().resolve("/v1/builds"))
            .POST(HttpRequest.BodyPublishers.ofString(BODY)));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(runtime.entered.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
    Thread.sleep(300);
    runtime.release.countDown();
    closing.get(30, TimeUnit.SECONDS);
    assertThat(posted.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
    assertThat(runtime.result).isCompleted();
    assertThat(runtime.result.get().status()).isEqualTo("cancelled");
  }

  @Test
  void aBuildWhoseRecordCouldNotBeWrittenStillEndsWithItsBuildEndOnDisk() throws Exception {
    // The record is on a device that refuses every write, as a full disk does.
    assumeTrue(Files.isWritable(Path.of("/dev/full")), "/dev/full is not there");
    Path state = tmp.resolve("serve");
    Files.createDirectories(state.resolve("builds"));
    Files.createSymbolicLink(state.resolve("builds").resolve(ID + ".jsonl"), Path.of("/dev/full"));
    DrivenRuntime runtime = new DrivenRuntime();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    try (ApiServer server = ApiServer.start(runtime, state,
        new ApiServer.Options("127.0.0.1", 0, ApiToken.of("t"), 1 << 20, "test", log::add))) {
      HttpResponse<String> posted = send(server, HttpRequest.newBuilder(server.url().resolve("/v1/builds"))
          .POST(HttpRequest.BodyPublishers.ofString(BODY)));
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
      runtime.log.append(BuildEvent.of(BuildEvent.BUILD_START).steps(0).build());
      BuildEvent end = runtime.log.append(BuildEvent.of(BuildEvent.BUILD_END).status(BuildEvent.STATUS_ERROR)
          .message("it failed").build());
      runtime.result.complete(end);
      JsonNode status = null;
      for (int i = 0; i < 100 && (status == null || !status.path("status").asText().equals("error")); i++) {
        Thread.sleep(50);
        status = JSON.readTree(send(server, HttpRequest.newBuilder(server.url().resolve("/v1/builds/" + ID))).body());
      }
      assertThat(status.path("status").asText()).as(log.toString()).isEqualTo("error");
      assertThat(status.path("message").asText()).isEqualTo("it failed");
    }
    List<String> lines = Files.readAllLines(state.resolve("builds").resolve(ID + ".jsonl"));
    assertThat(lines).hasSize(2);
    assertThat(JSON.readTree(lines.get(1)).path("kind").asText()).isEqualTo("build-end");
    assertThat(log).anySatisfy(line -> assertThat(line).contains("no longer recorded"));
  }

  @Test
  void aBuildWhoseRuntimeFailedWithoutABuildEndEndsInErrorAndSaysSo() throws Exception {
    DrivenRuntime runtime = new DrivenRuntime();
    Path state = tmp.resolve("serve");
    try (ApiServer server = ApiServer.start(runtime, state,
        new ApiServer.Options("127.0.0.1", 0, ApiToken.of("t"), 1 << 20, "test", line -> { }))) {
      assertThat(send(server, HttpRequest.newBuilder(server.url().resolve("/v1/builds"))
          .POST(HttpRequest.BodyPublishers.ofString(BODY))).statusCode()).isEqualTo(202);
      runtime.log.append(BuildEvent.of(BuildEvent.BUILD_START).steps(0).build());
      // As a runtime whose thread died (out of memory) before it could record an end.
      runtime.result.completeExceptionally(new OutOfMemoryError("Java heap space"));
      JsonNode status = null;
      for (int i = 0; i < 100 && (status == null || !status.path("status").asText().equals("error")); i++) {
        Thread.sleep(50);
        status = JSON.readTree(send(server, HttpRequest.newBuilder(server.url().resolve("/v1/builds/" + ID))).body());
      }
      assertThat(status.path("status").asText()).isEqualTo("error");
      assertThat(status.path("message").asText()).isEqualTo(ServerBuilds.FAILED);
      String events = send(server, HttpRequest.newBuilder(server.url().resolve("/v1/builds/" + ID + "/events"))).body();
      assertThat(events).contains("\"kind\":\"build-end\"", ServerBuilds.FAILED);
    }
  }

  private static HttpResponse<String> send(ApiServer server, HttpRequest.Builder request) throws Exception {
    return HttpClient.newHttpClient().send(request.header("Authorization", "Bearer t").build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * One build, whose events and end the test gives. Not a real runtime, as the faults these cases
   * need cannot be caused in one: its build() held until the server is stopping, a build id known
   * before the build starts (for the record that cannot be written), a thread that dies without a
   * build-end. The runtime contract suite (dev.templatestudio.bridge.contract) covers real ones.
   */
  static final class DrivenRuntime implements Runtime {
    final EventLog log = new EventLog(ID, SecretMasker.none());
    final CompletableFuture<BuildEvent> result = new CompletableFuture<>();
    final CountDownLatch entered = new CountDownLatch(1);
    /** When set, {@link #build} waits for it, as a runtime slow to start a build does. */
    volatile CountDownLatch release;

    @Override
    public String describe() {
      return "driven";
    }

    @Override
    public BuildHandle build(BuildRequest request) throws java.io.IOException {
      entered.countDown();
      try {
        if (release != null && !release.await(10, TimeUnit.SECONDS)) {
          throw new java.io.IOException("not released");
        }
      } catch (InterruptedException e) {
        throw new java.io.InterruptedIOException("interrupted");
      }
      return new BuildHandle() {
        @Override
        public String id() {
          return ID;
        }

        @Override
        public EventLog events() {
          return log;
        }

        @Override
        public CompletableFuture<BuildEvent> result() {
          return result;
        }

        @Override
        public void cancel() {
          result.complete(log.append(BuildEvent.of(BuildEvent.BUILD_END).status(BuildEvent.STATUS_CANCELLED).build()));
        }
      };
    }

    @Override
    public List<TemplateInfo> templates() {
      return List.of();
    }
  }
}
