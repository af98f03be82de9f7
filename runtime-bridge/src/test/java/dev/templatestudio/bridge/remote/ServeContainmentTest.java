package dev.templatestudio.bridge.remote;

import static dev.templatestudio.bridge.embedded.EngineFixture.assertNothingLeft;
import static dev.templatestudio.bridge.embedded.EngineFixture.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.runtimes.Runtimes;
import dev.templatestudio.bridge.embedded.BusyboxFixture;
import dev.templatestudio.bridge.embedded.EngineFixture;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.RunStep;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What arrives at a real {@code serve} stays inside it: a context whose links lead to the
 * server's own folders never gets a copy step to write there, a failed step names paths as
 * the image sees them (never the server's store), and a context with a device or a fifo is
 * refused whole (400), as REMOTE.md says.
 */
@Timeout(180)
class ServeContainmentTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;
  Store store;
  ServeFixture serve;
  Runtime remote;
  Path ctx;
  Path host;

  @BeforeEach
  void startServer() throws Exception {
    assumeTrue(BusyboxFixture.available(), "busybox-static is not installed");
    store = EngineFixture.storeWithBusybox(tmp);
    serve = ServeFixture.start(store);
    remote = Runtimes.open(serve.url(), null, ServeFixture.TOKEN);
    ctx = Files.createDirectories(tmp.resolve("ctx"));
    host = Files.createDirectories(tmp.resolve("server-folder"));
  }

  @AfterEach
  void stopServer() throws Exception {
    if (remote != null) {
      remote.close();
    }
    if (serve != null) {
      serve.close();
      assertNothingLeft(store.root(), null);
    }
  }

  private void assertServerFolderUntouched() throws Exception {
    try (Stream<Path> list = Files.list(host)) {
      assertThat(list).as("written into the server's own folder").isEmpty();
    }
  }

  private void assertNoServerPath(String message) {
    assertThat(message).doesNotContain(store.root().toString()).doesNotContain(tmp.toString())
        .doesNotContain("upper").doesNotContainPattern("\n");
  }

  @Test
  void aLinkOneSourceMadeIsNotWrittenThroughOnTheServer() throws Exception {
    Files.createDirectories(ctx.resolve("a"));
    Files.createSymbolicLink(ctx.resolve("a/x"), host);
    Files.createDirectories(ctx.resolve("b/x"));
    Files.writeString(ctx.resolve("b/x/pwned"), "pwned\n");
    Files.writeString(ctx.resolve(".dockerignore"), "b/x\n!b/x/pwned\n");
    BuildEvent end = EngineFixture.end(remote.build(BuildRequest.of(
        template("probe", new CopyStep(List.of("a/", "b/"), "/app/")), ctx)));
    assertThat(end.status()).isEqualTo(BuildEvent.STATUS_ERROR);
    assertThat(end.message()).startsWith("step 1").contains("/app/x", "symbolic link");
    assertNoServerPath(end.message());
    assertServerFolderUntouched();
  }

  @Test
  void aLinkALowerLayerHoldsIsNotWrittenThroughOnTheServer() throws Exception {
    Files.createDirectories(ctx.resolve("b/x"));
    Files.writeString(ctx.resolve("b/x/pwned"), "pwned\n");
    BuildEvent end = EngineFixture.end(remote.build(BuildRequest.of(template("lower",
        new RunStep("mkdir /app && ln -s " + host + " /app/x"), new CopyStep(List.of("b/"), "/app/")), ctx)));
    assertThat(end.status()).isEqualTo(BuildEvent.STATUS_ERROR);
    assertThat(end.message()).startsWith("step 2").contains("/app/x", "symbolic link");
    assertNoServerPath(end.message());
    assertServerFolderUntouched();
  }

  @Test
  void aFailedCopyNamesImagePathsNotTheServersStore() throws Exception {
    Files.createDirectories(ctx.resolve("a/x/inner"));
    Files.writeString(ctx.resolve("a/x/inner/file"), "a\n");
    Files.createDirectories(ctx.resolve("b"));
    Files.writeString(ctx.resolve("b/x"), "file\n");
    BuildEvent end = EngineFixture.end(remote.build(BuildRequest.of(
        template("clash", new CopyStep(List.of("a/", "b/"), "/app/")), ctx)));
    assertThat(end.status()).isEqualTo(BuildEvent.STATUS_ERROR);
    assertThat(end.message()).startsWith("step 1").contains("\"b/x\"", "/app/x");
    assertNoServerPath(end.message());
  }

  @Test
  void devicesAndFifosInAContextAreRefusedWhole() throws Exception {
    for (byte type : new byte[] {TarConstants.LF_CHR, TarConstants.LF_BLK, TarConstants.LF_FIFO}) {
      byte[] tar = RemoteApiTest.tar(t -> {
        RemoteApiTest.file(t, "app/ok.txt", "ok\n", 0644);
        TarArchiveEntry special = new TarArchiveEntry("app/special", type);
        special.setDevMajor(1);
        special.setDevMinor(3);
        t.putArchiveEntry(special);
        t.closeArchiveEntry();
      });
      String digest = RemoteApiTest.sha256(tar);
      HttpResponse<String> put = serve.send(serve.request("/v1/contexts/" + digest)
          .PUT(HttpRequest.BodyPublishers.ofByteArray(tar)).build());
      assertThat(put.statusCode()).as("entry type %c: %s", (char) type, put.body()).isEqualTo(400);
      assertThat(JSON.readTree(put.body()).path("error").asText()).contains("\"app/special\"", "refused");
      HttpResponse<String> head = serve.send(serve.request("/v1/contexts/" + digest)
          .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
      assertThat(head.statusCode()).isEqualTo(404);
    }
  }
}
