package dev.templatestudio.bridge.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.EventLog;
import dev.templatestudio.bridge.build.SecretMasker;
import dev.templatestudio.bridge.embedded.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RemoteBuild} following builds whose record on a real server ends without a
 * {@code build-end}: the server's files are written here as a failing disk or a crash leaves them.
 */
class RemoteBuildTest {
  static final String START = "{\"seq\":1,\"time\":\"2026-11-28T18:00:00.000Z\",\"build\":\"%s\",\"kind\":\"build-start\",\"steps\":0}\n";
  @TempDir Path tmp;
  ServeFixture serve;
  ApiClient client;

  @BeforeEach
  void startServer() throws Exception {
    serve = ServeFixture.start(Store.open(tmp.resolve("store")));
    client = new ApiClient(HttpUrl.get(serve.url() + "/"), ServeFixture.TOKEN);
  }

  @AfterEach
  void stopServer() {
    client.close();
    serve.close();
  }

  @Test
  void aBuildTheServerSaysEndedEndsAsItSaysThoughItsRecordHasNoBuildEnd() throws Exception {
    record("cut", "{\"build\":\"cut\",\"status\":\"error\",\"ref\":null,\"message\":\"boom\"}");
    RemoteBuild build = new RemoteBuild(client, new EventLog("cut", SecretMasker.none()), 60_000);
    build.start();
    BuildEvent end = build.result().get(10, TimeUnit.SECONDS);
    assertThat(end.status()).isEqualTo("error");
    assertThat(end.message()).isEqualTo("the server's event record of this build ends early; "
        + "the server says it ended error: boom");
    assertThat(build.events().after(0)).extracting(BuildEvent::kind).containsExactly("build-start", "build-end");
  }

  @Test
  void aStreamThatNeverBringsANewEventIsGivenUpOn() throws Exception {
    record("stuck", "{\"build\":\"stuck\",\"status\":\"building\",\"ref\":null}");
    RemoteBuild build = new RemoteBuild(client, new EventLog("stuck", SecretMasker.none()), 1_000);
    build.start();
    BuildEvent end = build.result().get(10, TimeUnit.SECONDS);
    assertThat(end.status()).isEqualTo("error");
    assertThat(end.message()).isEqualTo("the server closed the event stream; gave up after 1 s, and the build may "
        + "still run there (GET " + serve.url() + "/v1/builds/stuck says how it ends)");
  }

  @Test
  void aServerThatCannotBeReachedIsGivenUpOn() throws Exception {
    record("gone", "{\"build\":\"gone\",\"status\":\"building\",\"ref\":null}");
    serve.close();
    RemoteBuild build = new RemoteBuild(client, new EventLog("gone", SecretMasker.none()), 1_000);
    build.start();
    BuildEvent end = build.result().get(10, TimeUnit.SECONDS);
    assertThat(end.status()).isEqualTo("error");
    assertThat(end.message()).isEqualTo("cannot reach " + serve.url() + ": connection refused; gave up after 1 s, "
        + "and the build may still run there (GET " + serve.url() + "/v1/builds/gone says how it ends)");
  }

  /** A build's status and a record of one event, as the server keeps them. */
  private void record(String id, String status) throws Exception {
    Path builds = serve.store.root().resolve("serve/builds");
    Files.writeString(builds.resolve(id + ".json"), status);
    Files.writeString(builds.resolve(id + ".jsonl"), START.formatted(id));
  }
}
