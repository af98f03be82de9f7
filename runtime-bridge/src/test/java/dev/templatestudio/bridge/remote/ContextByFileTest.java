package dev.templatestudio.bridge.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.embedded.BusyboxFixture;
import dev.templatestudio.bridge.embedded.EmbeddedRuntime;
import dev.templatestudio.bridge.embedded.EngineFixture;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.io.Digests;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Template;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contexts sent file by file (docs/REMOTE.md, "Contexts by file") against a real {@code serve}
 * on loopback: a rebuild after one edited file sends that file's bytes and little else (counted
 * on the wire by a proxy), the server assembles the same context a tar gives, and hostile
 * manifests and blobs are refused in one sentence each.
 */
@Timeout(180)
class ContextByFileTest {
  private static final int FILES = 40;
  private static final int FILE_BYTES = 64 << 10;
  @TempDir Path tmp;
  Store store;
  ServeFixture serve;
  Path ctx;

  @BeforeEach
  void startServer() throws Exception {
    BusyboxFixture.require();
    store = EngineFixture.storeWithBusybox(tmp);
    serve = ServeFixture.start(store);
    ctx = Files.createDirectories(tmp.resolve("ctx"));
  }

  @AfterEach
  void stopServer() {
    if (serve != null) {
      serve.close();
    }
  }

  @Test
  void aBuildAfterOneFileEditedSendsOnlyThatFilesBytesAndGivesTheRefALocalBuildGives() throws Exception {
    Random random = new Random(16);
    for (int i = 0; i < FILES; i++) {
      Path file = ctx.resolve("data/d" + i % 4 + "/f" + i);
      Files.createDirectories(file.getParent());
      byte[] bytes = new byte[FILE_BYTES];
      random.nextBytes(bytes);
      Files.write(file, bytes);
    }
    Files.createSymbolicLink(ctx.resolve("data/link"), Path.of("d1/f1"));
    Template t = EngineFixture.template("byfile", new CopyStep(List.of("data/"), "/srv/data/"),
        new RunStep("head -c 6 /srv/data/d3/f7; echo"));

    try (CountingProxy proxy = new CountingProxy(serve.server.port());
         HttpRuntime remote = new HttpRuntime(proxy.url(), ServeFixture.TOKEN)) {
      String first = EngineFixture.assertReady(remote.build(BuildRequest.of(t, ctx)));
      long firstSent = proxy.sent.getAndSet(0);
      assertThat(firstSent).as("the first build sends every file").isGreaterThan((long) FILES * FILE_BYTES);

      byte[] edited = new byte[FILE_BYTES];
      random.nextBytes(edited);
      System.arraycopy("edited".getBytes(StandardCharsets.US_ASCII), 0, edited, 0, 6);
      Files.write(ctx.resolve("data/d3/f7"), edited);
      int manifestBytes = ContextManifest.of(ctx).json().length;
      BuildHandle second = remote.build(BuildRequest.of(t, ctx));
      String secondRef = EngineFixture.assertReady(second);
      long secondSent = proxy.sent.get();
      System.out.printf("sent: first build %d bytes, after one %d-byte file edited %d bytes (manifest %d)%n",
          firstSent, FILE_BYTES, secondSent, manifestBytes);
      assertThat(secondSent).as("the edited file, the manifest and a few requests' heads")
          .isGreaterThan(FILE_BYTES).isLessThan(FILE_BYTES + manifestBytes + 16_384L);
      assertThat(secondRef).isNotEqualTo(first);
      assertThat(EngineFixture.logText(second)).contains("edited");
      assertThat(blobs()).hasSize(FILES + 1);

      Store other = EngineFixture.storeWithBusybox(Files.createDirectories(tmp.resolve("other")));
      try (EmbeddedRuntime embedded = new EmbeddedRuntime(other)) {
        assertThat(EngineFixture.assertReady(EngineFixture.build(embedded, t, ctx))).isEqualTo(secondRef);
      }
    }
  }

  @Test
  void hostileManifestsAreRefusedInOneSentenceEach() throws Exception {
    String hash = sha("a");
    String file = "\"type\":\"file\",\"mode\":420,\"uid\":0,\"gid\":0,\"mtime\":0,\"size\":1,\"sha256\":\"" + hash + "\"";
    assertRefused(manifest("{\"path\":\"../etc/passwd\"," + file + "}"), 400,
        "entry 0 (\"../etc/passwd\") of the context manifest was refused: it climbs out of the context with \"..\"");
    assertRefused(manifest("{\"path\":\"/etc/passwd\"," + file + "}"), 400,
        "entry 0 (\"/etc/passwd\") of the context manifest was refused: paths must be relative, slash-separated and without NUL");
    assertRefused(manifest("{\"path\":\"a\"," + file + "},{\"path\":\"a\"," + file + "}"), 400,
        "entry 1 (\"a\") of the context manifest was refused: it is listed twice");
    assertRefused(manifest("{\"path\":\"l\",\"type\":\"symlink\",\"target\":\"/etc\"},{\"path\":\"l/passwd\"," + file + "}"),
        400, "entry 1 (\"l/passwd\") of the context manifest was refused: its folder l is a symlink in this "
            + "manifest, and nothing is assembled through one");
    assertRefused(manifest("{\"path\":\"d/f\"," + file + "},{\"path\":\"d\",\"type\":\"symlink\",\"target\":\"/etc\"}"),
        400, "entry 1 (\"d\") of the context manifest was refused: it would replace the folder of entries before it");
    assertRefused(manifest("{\"path\":\"dev\",\"type\":\"chardev\",\"mode\":438}"), 400,
        "entry 0 (\"dev\") of the context manifest was refused: its type \"chardev\" is not dir, file or symlink, "
            + "the only kinds a build context holds");
    assertRefused(manifest("{\"path\":\"a\"," + file.replace(hash, "nothex") + "}"), 400,
        "entry 0 (\"a\") of the context manifest was refused: its sha256 is not 64 lowercase hex digits");
    assertRefused(manifest("{\"path\":\"a\"," + file.replace("\"size\":1", "\"size\":" + (65L << 20)) + "}"), 413,
        "the context's files hold more than the " + (64L << 20) + " bytes this server accepts (serve --max-context-mb); "
            + "leave big files out of it with .dockerignore");
    StringBuilder many = new StringBuilder();
    for (int i = 0; i <= 100_000; i++) {
      many.append(i == 0 ? "" : ",").append("{\"path\":\"d").append(i).append("\",\"type\":\"dir\",\"mode\":493}");
    }
    assertRefused(manifest(many.toString()), 413, "the context manifest lists more than 100000 entries, the most a "
        + "context sent by file may have; send it as a tar (PUT /v1/contexts/{sha256})");
    assertRefused(("{\"manifest\":1,\"entries\":[],\"pad\":\"" + "x".repeat(16 << 20) + "\"}").getBytes(StandardCharsets.UTF_8),
        413, "a context manifest is at most 16777216 bytes; send a context this large as a tar (PUT /v1/contexts/{sha256})");
    assertRefused("{\"manifest\":2,\"entries\":[]}".getBytes(StandardCharsets.UTF_8), 400,
        "this server reads context manifests of version 1 (\"manifest\": 1)");
    try (Stream<Path> contexts = Files.list(store.root().resolve("serve/contexts"))) {
      assertThat(contexts.filter(p -> !p.getFileName().toString().startsWith("."))).isEmpty();
    }
  }

  @Test
  void aFileWhoseBytesLieAboutTheirHashOrSizeIsNeverTaken() throws Exception {
    String hashOfA = sha("a");
    HttpResponse<String> lie = serve.send(serve.request("/v1/blobs/sha256:" + hashOfA)
        .PUT(HttpRequest.BodyPublishers.ofString("b")).build());
    assertThat(lie.statusCode()).isEqualTo(400);
    assertThat(error(lie)).isEqualTo("the body's sha256 is " + sha("b") + ", not " + hashOfA
        + " as the URL says; the file was not stored");
    assertThat(blobs()).isEmpty();

    // A manifest claiming one byte for a longer content: its size bound would not hold.
    String ten = "0123456789";
    byte[] body = manifest("{\"path\":\"a\",\"type\":\"file\",\"mode\":420,\"uid\":0,\"gid\":0,\"mtime\":0,\"size\":1,"
        + "\"sha256\":\"" + sha(ten) + "\"}");
    JsonNode answer = RemoteApiTest.JSON.readTree(post("/v1/contexts", body).body());
    assertThat(answer.path("missing").get(0).asText()).isEqualTo("sha256:" + sha(ten));
    assertThat(serve.send(serve.request("/v1/blobs/sha256:" + sha(ten)).PUT(HttpRequest.BodyPublishers.ofString(ten))
        .build()).statusCode()).isEqualTo(201);
    HttpResponse<String> assembled = post("/v1/contexts/" + answer.path("context").asText(), new byte[0]);
    assertThat(assembled.statusCode()).isEqualTo(400);
    assertThat(error(assembled)).isEqualTo("the context manifest says a has 1 bytes, but its content sha256:"
        + sha(ten) + " has 10");
  }

  @Test
  void aCachedFileDamagedOnTheServerIsAskedForAgainNotBuiltFrom() throws Exception {
    Files.writeString(ctx.resolve("a.txt"), "one\n");
    try (ApiClient client = new ApiClient(HttpUrl.get(serve.url() + "/"), ServeFixture.TOKEN)) {
      String first = ContextUpload.send(client, ctx, client.healthSoon());
      Path blob = store.root().resolve("serve/blobs/" + sha("one\n"));
      Files.writeString(blob, "two\n");
      Files.writeString(ctx.resolve("b.txt"), "new\n");
      ContextManifest manifest = ContextManifest.of(ctx);
      ApiClient.ManifestAnswer answer = client.postManifest(manifest.json());
      assertThat(answer.missing()).containsExactlyInAnyOrder(sha("new\n"));
      client.putBlob(sha("new\n"), ctx.resolve("b.txt"));
      ApiClient.ManifestAnswer again = client.assemble(manifest.digest());
      assertThat(again.missing()).as("the damaged file, found while assembling").containsExactly(sha("one\n"));
      assertThat(blob).doesNotExist();
      assertThat(ContextUpload.send(client, ctx, client.healthSoon())).isEqualTo(manifest.digest()).isNotEqualTo(first);
      assertThat(store.root().resolve("serve/contexts/" + Digests.hex(manifest.digest()) + "/a.txt")).hasContent("one");
    }
  }

  @Test
  void aServerWithoutManifestsGetsTheTarAsBefore() throws Exception {
    Files.writeString(ctx.resolve("a.txt"), "a\n");
    try (ApiClient client = new ApiClient(HttpUrl.get(serve.url() + "/"), ServeFixture.TOKEN)) {
      String digest = ContextUpload.send(client, ctx,
          CompletableFuture.completedFuture(new ApiClient.Health("older", 64L << 20, 0)));
      ContextTar.Written tar = ContextTar.write(ctx);
      Files.delete(tar.file());
      assertThat(digest).isEqualTo(tar.digest());
      assertThat(client.hasContext(digest)).isTrue();
      assertThat(blobs()).isEmpty();
    }
  }

  private List<Path> blobs() throws Exception {
    try (Stream<Path> list = Files.list(store.root().resolve("serve/blobs"))) {
      return list.filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}")).toList();
    }
  }

  private static byte[] manifest(String entries) {
    return ("{\"manifest\":1,\"entries\":[" + entries + "]}").getBytes(StandardCharsets.UTF_8);
  }

  private HttpResponse<String> post(String path, byte[] body) throws Exception {
    return serve.send(serve.request(path).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
  }

  private void assertRefused(byte[] body, int status, String sentence) throws Exception {
    HttpResponse<String> r = post("/v1/contexts", body);
    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(error(r)).isEqualTo(sentence).doesNotContain("\n");
  }

  private static String error(HttpResponse<String> r) throws Exception {
    return RemoteApiTest.JSON.readTree(r.body()).path("error").asText();
  }

  private static String sha(String text) {
    return HexFormat.of().formatHex(Digests.sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
