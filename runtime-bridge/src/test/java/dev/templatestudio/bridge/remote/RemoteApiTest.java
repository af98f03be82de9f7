package dev.templatestudio.bridge.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.templatestudio.bridge.embedded.BusyboxFixture;
import dev.templatestudio.bridge.embedded.EngineFixture;
import dev.templatestudio.bridge.embedded.store.Store;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote API of a real {@code serve} (CONTRACT.md §6) spoken to with the JDK's plain HTTP
 * client: status codes, content types, JSON bodies and SSE framing as the contract states them.
 */
class RemoteApiTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Pattern FRAME = Pattern.compile("id: (\\d+)\ndata: (\\{.*})\n\n");
  @TempDir Path tmp;
  Store store;
  ServeFixture serve;

  @BeforeEach
  void startServer() throws Exception {
    BusyboxFixture.require();
    store = EngineFixture.storeWithBusybox(tmp);
    serve = ServeFixture.start(store);
  }

  @AfterEach
  void stopServer() {
    if (serve != null) {
      serve.close();
    }
  }

  @Test
  void healthAnswersItsVersionAsJson() throws Exception {
    HttpResponse<String> r = serve.get("/v1/health");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(JSON.readTree(r.body()).path("version").asText()).isEqualTo("test");
  }

  @Test
  void everyRequestWithoutTheRightTokenIs401() throws Exception {
    for (String path : List.of("/v1/health", "/v1/templates", "/v1/builds/x", "/v1/nothing")) {
      HttpResponse<String> none = serve.send(HttpRequest.newBuilder(java.net.URI.create(serve.url() + path)).GET().build());
      assertThat(none.statusCode()).as(path).isEqualTo(401);
      assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
      HttpResponse<String> wrong = serve.send(HttpRequest.newBuilder(java.net.URI.create(serve.url() + path))
          .header("Authorization", "Bearer " + ServeFixture.TOKEN + "x").GET().build());
      assertThat(wrong.statusCode()).as(path).isEqualTo(401);
      assertThat(JSON.readTree(wrong.body()).path("error").asText()).contains("token");
    }
    HttpResponse<String> notBearer = serve.send(HttpRequest.newBuilder(java.net.URI.create(serve.url() + "/v1/health"))
        .header("Authorization", "Basic " + ServeFixture.TOKEN).GET().build());
    assertThat(notBearer.statusCode()).isEqualTo(401);
  }

  @Test
  void aContextIsStoredOnlyUnderItsOwnHash() throws Exception {
    byte[] tar = tar(t -> file(t, "app/hello.txt", "hello\n", 0644));
    String digest = sha256(tar);
    assertThat(head("/v1/contexts/" + digest)).isEqualTo(404);
    String other = sha256("something else".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> wrong = put("/v1/contexts/" + other, tar);
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(wrong.body()).path("error").asText()).contains("sha256").contains("not");
    assertThat(head("/v1/contexts/" + other)).isEqualTo(404);
    assertThat(put("/v1/contexts/" + digest, tar).statusCode()).isEqualTo(201);
    assertThat(head("/v1/contexts/" + digest)).isEqualTo(200);
    assertThat(head("/v1/contexts/" + digest.substring("sha256:".length()))).isEqualTo(200);
    assertThat(put("/v1/contexts/not-a-digest", tar).statusCode()).isEqualTo(400);
  }

  @Test
  void contextsThatReachOutsideAreRefusedWhole() throws Exception {
    List<byte[]> evil = List.of(
        tar(t -> file(t, "../escape.txt", "x", 0644)),
        tar(t -> file(t, "/etc/absolute.txt", "x", 0644)),
        tar(t -> {
          symlink(t, "link", "/tmp");
          file(t, "link/through-the-link.txt", "x", 0644);
        }),
        tar(t -> {
          file(t, "same.txt", "one", 0644);
          file(t, "same.txt", "two", 0644);
        }),
        tar(t -> {
          TarArchiveEntry hard = new TarArchiveEntry("hard", TarConstants.LF_LINK);
          hard.setLinkName("/etc/passwd");
          t.putArchiveEntry(hard);
          t.closeArchiveEntry();
        }));
    for (byte[] tar : evil) {
      HttpResponse<String> r = put("/v1/contexts/" + sha256(tar), tar);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
      assertThat(JSON.readTree(r.body()).path("error").asText()).contains("refused");
      assertThat(head("/v1/contexts/" + sha256(tar))).isEqualTo(404);
    }
    assertThat(Path.of("/tmp/through-the-link.txt")).doesNotExist();
    assertThat(store.root().resolve("serve/escape.txt")).doesNotExist();
  }

  @Test
  void aBodyThatIsNotACompleteTarIs400InOneSentence() throws Exception {
    byte[] whole = tar(t -> file(t, "big.txt", "x".repeat(5000), 0644));
    byte[] random = new byte[4096];
    new java.util.Random(7).nextBytes(random);
    int endOfEntries = whole.length - 1024;
    while (whole[endOfEntries - 1] == 0) {
      endOfEntries--;
    }
    byte[] noEndBlocks = java.util.Arrays.copyOf(whole, (endOfEntries + 511) / 512 * 512);
    for (byte[] body : List.of(java.util.Arrays.copyOf(whole, 2000), random, "hello".getBytes(StandardCharsets.UTF_8),
        noEndBlocks)) {
      HttpResponse<String> r = put("/v1/contexts/" + sha256(body), body);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
      assertThat(JSON.readTree(r.body()).path("error").asText()).isEqualTo("the body is not a complete tar archive");
      assertThat(head("/v1/contexts/" + sha256(body))).isEqualTo(404);
    }
  }

  @Test
  void aServerFailureIs500WithoutJavaDetailsWhichGoToTheLog() throws Exception {
    dev.templatestudio.bridge.io.Trees.delete(store.root().resolve("serve/contexts/.tmp"));
    byte[] tar = tar(t -> file(t, "a.txt", "a", 0644));
    HttpResponse<String> r = put("/v1/contexts/" + sha256(tar), tar);
    assertThat(r.statusCode()).isEqualTo(500);
    String error = JSON.readTree(r.body()).path("error").asText();
    assertThat(error).isEqualTo("the server failed to answer this request; its log says why");
    assertThat(serve.log).anySatisfy(line -> assertThat(line).startsWith("PUT /v1/contexts/").contains("Exception"));
  }

  @Test
  void aContextOverTheLimitIs413() throws Exception {
    serve.close();
    serve = ServeFixture.start(store, 0, 4096);
    byte[] tar = tar(t -> file(t, "big.bin", "x".repeat(20_000), 0644));
    HttpResponse<String> r = put("/v1/contexts/" + sha256(tar), tar);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(JSON.readTree(r.body()).path("error").asText()).contains("4096 bytes").contains(".dockerignore");
  }

  @Test
  void aBadTemplateIs400WithItsPlace() throws Exception {
    HttpResponse<String> unknownField = post("""
        {"template": {"schema": "template-studio/v1", "base": {"template": "busybox"},
                      "steps": [{"type": "run", "command": "true", "colour": "red"}]}}""");
    assertThat(unknownField.statusCode()).isEqualTo(400);
    assertThat(unknownField.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(JSON.readTree(unknownField.body()).path("error").asText())
        .isEqualTo("the template is not valid at $.steps[0].colour: unknown field \"colour\"");
    HttpResponse<String> invalid = post("""
        {"template": {"schema": "template-studio/v1", "base": {"template": "busybox"},
                      "steps": [{"type": "pip", "packages": []}]}}""");
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(invalid.body()).path("error").asText()).startsWith("the template is not valid at step 1");
    assertThat(post("{\"template\": 3}").statusCode()).isEqualTo(400);
    assertThat(post("{\"name\": \"" + "x".repeat((4 << 20) + 1000) + "\"}").statusCode()).isEqualTo(413);
    assertThat(post("not json").statusCode()).isEqualTo(400);
    HttpResponse<String> unknownContext = post("""
        {"template": {"schema": "template-studio/v1", "base": {"template": "busybox"}, "steps": []},
         "context": "sha256:%s"}""".formatted("a".repeat(64)));
    assertThat(unknownContext.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(unknownContext.body()).path("error").asText()).contains("PUT /v1/contexts/");
  }

  @Test
  void aLocalBaseImageMustStayInsideTheUploadedContext() throws Exception {
    byte[] tar = tar(t -> {
      symlink(t, "etc", "/etc");
      symlink(t, "up", "..");
      file(t, "hello.txt", "hello\n", 0644);
    });
    String digest = sha256(tar);
    assertThat(put("/v1/contexts/" + digest, tar).statusCode()).isEqualTo(201);
    for (String image : List.of("rootfs:/etc/apt", "rootfs:../../..", "docker-archive:/etc/passwd",
        "oci-layout:/etc:latest", "rootfs:etc/apt", "rootfs:up", "oci-layout:etc:tag")) {
      HttpResponse<String> r = post("""
          {"template": {"schema": "template-studio/v1", "base": {"image": "%s"}, "steps": []},
           "context": "%s"}""".formatted(image, digest));
      assertThat(r.statusCode()).as(image + " " + r.body()).isEqualTo(400);
      assertThat(JSON.readTree(r.body()).path("error").asText()).startsWith("base.image \"" + image + "\" was refused");
    }
    HttpResponse<String> noContext = post("""
        {"template": {"schema": "template-studio/v1", "base": {"image": "rootfs:/etc/apt"}, "steps": []}}""");
    assertThat(noContext.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(noContext.body()).path("error").asText()).contains("base.image").contains("context");
  }

  @Test
  void stageBasesAndCopiesFromLocalImagesMustStayInsideTheUploadedContextToo() throws Exception {
    byte[] tar = tar(t -> file(t, "hello.txt", "hello\n", 0644));
    String digest = sha256(tar);
    assertThat(put("/v1/contexts/" + digest, tar).statusCode()).isEqualTo(201);
    String copyFromHost = """
        {"type": "copy", "sources": ["/etc/passwd"], "dest": "/p", "from": {"image": "rootfs:/"}}""";
    Map<String, String> templates = Map.of(
        "stages[0].base.image \"rootfs:/etc\"", """
            "stages": [{"name": "s", "base": {"image": "rootfs:/etc"}, "steps": []}],
            "base": {"stage": "s"}, "steps": []""",
        "steps[0].from.image \"rootfs:/\"", """
            "base": {"template": "busybox"}, "steps": [%s]""".formatted(copyFromHost),
        "stages[0].steps[0].from.image \"rootfs:/\"", """
            "stages": [{"name": "s", "base": {"template": "busybox"}, "steps": [%s]}],
            "base": {"stage": "s"}, "steps": []""".formatted(copyFromHost));
    for (Map.Entry<String, String> e : templates.entrySet()) {
      HttpResponse<String> r = post("""
          {"template": {"schema": "template-studio/v1", %s}, "context": "%s"}""".formatted(e.getValue(), digest));
      assertThat(r.statusCode()).as(e.getKey() + " " + r.body()).isEqualTo(400);
      assertThat(JSON.readTree(r.body()).path("error").asText()).startsWith(e.getKey() + " was refused: its path "
          + "must be relative to the build context");
    }
  }

  @Test
  void aBuildRunsAndItsEventsStreamAsSseFromAnySeq() throws Exception {
    byte[] tar = tar(t -> file(t, "hello.txt", "hello\n", 0644));
    assertThat(put("/v1/contexts/" + sha256(tar), tar).statusCode()).isEqualTo(201);
    HttpResponse<String> posted = post("""
        {"template": {"schema": "template-studio/v1", "base": {"template": "busybox"},
                      "steps": [{"type": "copy", "sources": ["hello.txt"], "dest": "/srv/"},
                                {"type": "run", "command": "cat /srv/hello.txt"}]},
         "context": "%s", "name": "raw", "tags": ["v1"], "noCache": false}""".formatted(sha256(tar)));
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
    String id = JSON.readTree(posted.body()).path("build").asText();
    assertThat(id).isNotBlank();

    HttpResponse<String> stream = serve.send(serve.request("/v1/builds/" + id + "/events").GET().build());
    assertThat(stream.statusCode()).isEqualTo(200);
    assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
    List<JsonNode> events = frames(stream.body());
    assertThat(events).extracting(e -> e.path("seq").asLong())
        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, events.size()).boxed().toList());
    JsonNode end = events.get(events.size() - 1);
    assertThat(end.path("kind").asText()).isEqualTo("build-end");
    assertThat(end.path("status").asText()).isEqualTo("ready");
    assertThat(events).anySatisfy(e -> assertThat(e.path("message").asText()).isEqualTo("hello"));

    JsonNode status = JSON.readTree(serve.get("/v1/builds/" + id).body());
    assertThat(status.path("build").asText()).isEqualTo(id);
    assertThat(status.path("status").asText()).isEqualTo("ready");
    assertThat(status.path("ref").asText()).isEqualTo(end.path("ref").asText()).startsWith("raw@sha256:");

    List<JsonNode> afterQuery = frames(serve.get("/v1/builds/" + id + "/events?after=3").body());
    assertThat(afterQuery.get(0).path("seq").asLong()).isEqualTo(4);
    assertThat(afterQuery).hasSize(events.size() - 3);
    List<JsonNode> afterHeader = frames(serve.send(serve.request("/v1/builds/" + id + "/events")
        .header("Last-Event-ID", "5").GET().build()).body());
    assertThat(afterHeader.get(0)).isEqualTo(events.get(5));
    List<JsonNode> blankHeader = frames(serve.send(serve.request("/v1/builds/" + id + "/events?after=3")
        .header("Last-Event-ID", " ").GET().build()).body());
    assertThat(blankHeader).isEqualTo(afterQuery);
    assertThat(frames(serve.get("/v1/builds/" + id + "/events?after=" + events.size()).body())).isEmpty();
    assertThat(serve.get("/v1/builds/" + id + "/events?after=x").statusCode()).isEqualTo(400);

    JsonNode templates = JSON.readTree(serve.get("/v1/templates").body());
    assertThat(templates.isArray()).isTrue();
    JsonNode raw = null;
    for (JsonNode t : templates) {
      raw = t.path("name").asText().equals("raw") ? t : raw;
    }
    assertThat(raw).isNotNull();
    assertThat(raw.path("tags").get(0).asText()).isEqualTo("v1");
    assertThat(raw.path("ref").asText()).isEqualTo(end.path("ref").asText());
    assertThat(raw.path("sizeBytes").asLong()).isPositive();
    assertThat(serve.get("/v1/builds/nope").statusCode()).isEqualTo(404);
  }

  @Test
  void deleteCancelsARunningBuildWhoseStreamIsFollowedLive() throws Exception {
    HttpResponse<String> posted = post("""
        {"template": {"schema": "template-studio/v1", "base": {"template": "busybox"},
                      "steps": [{"type": "run", "command": "echo started; sleep 300"}]}, "name": "slow"}""");
    String id = JSON.readTree(posted.body()).path("build").asText();
    HttpResponse<java.util.stream.Stream<String>> live = ServeFixture.PLAIN.send(
        serve.request("/v1/builds/" + id + "/events").GET().build(), HttpResponse.BodyHandlers.ofLines());
    java.util.Iterator<String> lines = live.body().iterator();
    StringBuilder body = new StringBuilder();
    while (!body.toString().contains("\"message\":\"started\"")) {
      body.append(lines.next()).append('\n');
    }
    assertThat(JSON.readTree(serve.get("/v1/builds/" + id).body()).path("status").asText()).isEqualTo("building");
    HttpResponse<String> cancel = serve.send(serve.request("/v1/builds/" + id).DELETE().build());
    assertThat(cancel.statusCode()).isEqualTo(202);
    lines.forEachRemaining(l -> body.append(l).append('\n'));
    List<JsonNode> events = frames(body.toString());
    JsonNode end = events.get(events.size() - 1);
    assertThat(end.path("kind").asText()).isEqualTo("build-end");
    assertThat(end.path("status").asText()).isEqualTo("cancelled");
    assertThat(JSON.readTree(serve.get("/v1/builds/" + id).body()).path("status").asText()).isEqualTo("cancelled");
    assertThat(serve.send(serve.request("/v1/builds/" + id).DELETE().build()).statusCode()).isEqualTo(200);
  }

  static List<JsonNode> frames(String body) throws IOException {
    List<JsonNode> events = new ArrayList<>();
    Matcher m = FRAME.matcher(body.replaceAll("(?m)^:.*\n\n", ""));
    int end = 0;
    while (m.find()) {
      assertThat(m.start()).as("frames follow each other with nothing between").isEqualTo(end);
      JsonNode e = JSON.readTree(m.group(2));
      assertThat(e.path("seq").asText()).isEqualTo(m.group(1));
      events.add(e);
      end = m.end();
    }
    assertThat(end).as("the stream is only frames").isEqualTo(body.replaceAll("(?m)^:.*\n\n", "").length());
    return events;
  }

  private int head(String path) throws Exception {
    return serve.send(serve.request(path).method("HEAD", HttpRequest.BodyPublishers.noBody()).build()).statusCode();
  }

  private HttpResponse<String> put(String path, byte[] body) throws Exception {
    return serve.send(serve.request(path).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build());
  }

  private HttpResponse<String> post(String body) throws Exception {
    return serve.send(serve.request("/v1/builds").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  interface TarWriter {
    void write(TarArchiveOutputStream tar) throws IOException;
  }

  static byte[] tar(TarWriter writer) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      writer.write(tar);
    }
    return bytes.toByteArray();
  }

  static void file(TarArchiveOutputStream tar, String name, String content, int mode) throws IOException {
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry e = new TarArchiveEntry(name, true);
    e.setSize(data.length);
    e.setMode(mode);
    tar.putArchiveEntry(e);
    tar.write(data);
    tar.closeArchiveEntry();
  }

  static void symlink(TarArchiveOutputStream tar, String name, String target) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
    e.setLinkName(target);
    tar.putArchiveEntry(e);
    tar.closeArchiveEntry();
  }

  static String sha256(byte[] bytes) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
