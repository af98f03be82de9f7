package dev.templatestudio.bridge.remote;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.templatestudio.bridge.build.RuntimeUnavailableException;
import dev.templatestudio.bridge.build.TemplateInfo;
import dev.templatestudio.bridge.io.Digests;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLException;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The calls of the remote runtime API (CONTRACT.md §6) over OkHttp, each answer checked and
 * every failure turned into one sentence: the server cannot be reached, refused the token, or
 * refused the request (with the server's own {@code error} sentence). Thread-safe.
 */
final class ApiClient implements AutoCloseable {
  static final ObjectMapper JSON = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final MediaType TAR_TYPE = MediaType.get("application/x-tar");
  private static final MediaType BLOB_TYPE = MediaType.get("application/octet-stream");

  private final HttpUrl base;
  private final String token;
  private final OkHttpClient http;
  private final OkHttpClient streams;

  /**
   * What {@code GET /v1/health} says; {@code maxContextBytes} is 0 when the server does not say,
   * {@code contextManifests} the manifest version it takes for contexts sent by file (0: none).
   */
  record Health(String version, long maxContextBytes, int contextManifests) {}

  /** What the server says of a context manifest: the context's digest, and the contents it lacks. */
  record ManifestAnswer(String context, List<String> missing) {}

  /**
   * What every client of this process is made from: OkHttp reads the platform's trust store and
   * indexes its certificates for each client built from scratch (tens of ms of CPU); clients
   * derived from one share that. Each client still gets its own connection pool. Made on first use.
   */
  private static final class Shared {
    static final OkHttpClient BASE = new OkHttpClient();
  }

  ApiClient(HttpUrl base, String token) {
    this(base, token, Shared.BASE.newBuilder().connectionPool(new okhttp3.ConnectionPool()));
  }

  /** A client of the server behind unix socket {@code socket} (the local daemon). */
  ApiClient(java.nio.file.Path socket, String token) {
    this(HttpUrl.get("http://localhost/"), token, Shared.BASE.newBuilder()
        .socketFactory(new UnixSockets(socket))
        .proxy(java.net.Proxy.NO_PROXY)
        .connectionPool(new okhttp3.ConnectionPool(0, 1, java.util.concurrent.TimeUnit.SECONDS)));
  }

  private ApiClient(HttpUrl base, String token, OkHttpClient.Builder builder) {
    this.base = base;
    this.token = token;
    this.http = builder
        .connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofSeconds(60))
        .writeTimeout(Duration.ofSeconds(60))
        .build();
    // The server writes a keep-alive at least every 10 s: silence for 30 s is a dead connection.
    this.streams = http.newBuilder().readTimeout(Duration.ofSeconds(30)).build();
  }

  String url() {
    String s = base.toString();
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  Health health() throws IOException {
    JsonNode body = json(call(get("v1/health")));
    return new Health(body.path("version").asText("unknown"), body.path("maxContextBytes").asLong(0),
        body.path("contextManifests").asInt(0));
  }

  /**
   * Asks {@link #health} on a thread of its own, at once: the first connection (and OkHttp's
   * classes, and TLS) is then ready while the caller reads and hashes the context.
   */
  CompletableFuture<Health> healthSoon() {
    CompletableFuture<Health> answer = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        answer.complete(health());
      } catch (IOException | RuntimeException e) {
        answer.completeExceptionally(e);
      }
    }, "remote-health");
    t.setDaemon(true);
    t.start();
    return answer;
  }

  /** Sends a context manifest ({@code POST /v1/contexts}). */
  ManifestAnswer postManifest(byte[] manifest) throws IOException {
    return manifestAnswer(call(request("v1/contexts").post(RequestBody.create(manifest, JSON_TYPE)).build()));
  }

  /** Asks the server to assemble the context whose manifest it kept; null when it kept none. */
  ManifestAnswer assemble(String digest) throws IOException {
    Response r = execute(http, request("v1/contexts/" + digest).post(RequestBody.create(new byte[0], JSON_TYPE)).build());
    if (r.code() == 404) {
      r.close();
      return null;
    }
    check(r);
    return manifestAnswer(r);
  }

  /** Sends one file's content ({@code PUT /v1/blobs/sha256:HEX}). */
  void putBlob(String hex, Path file) throws IOException {
    call(request("v1/blobs/sha256:" + hex).put(RequestBody.create(file.toFile(), BLOB_TYPE)).build()).close();
  }

  private static ManifestAnswer manifestAnswer(Response r) throws IOException {
    JsonNode body = json(r);
    List<String> missing = new ArrayList<>();
    for (JsonNode m : body.path("missing")) {
      String digest = m.asText();
      if (!Digests.isSha256(digest)) {
        throw new IOException("the server named a missing file by \"" + digest + "\", which is not a sha256 digest");
      }
      missing.add(Digests.hex(digest));
    }
    return new ManifestAnswer(body.path("context").asText(), missing);
  }

  boolean hasContext(String digest) throws IOException {
    try (Response r = execute(http, request("v1/contexts/" + digest).head().build())) {
      if (r.code() == 404) {
        return false;
      }
      check(r);
      return true;
    }
  }

  void putContext(String digest, Path tar) throws IOException {
    call(request("v1/contexts/" + digest).put(RequestBody.create(tar.toFile(), TAR_TYPE)).build()).close();
  }

  /** Posts a build; returns its id. */
  String postBuild(JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    return json(call(request("v1/builds").post(RequestBody.create(bytes, JSON_TYPE)).build()))
        .path("build").asText();
  }

  JsonNode status(String id) throws IOException {
    return json(call(get("v1/builds/" + id)));
  }

  void cancel(String id) throws IOException {
    call(request("v1/builds/" + id).delete().build()).close();
  }

  List<TemplateInfo> templates() throws IOException {
    try (Response r = call(get("v1/templates"))) {
      return JSON.readValue(r.body().byteStream(), new TypeReference<List<TemplateInfo>>() {});
    }
  }

  /**
   * Opens the event stream of a build after {@code afterSeq}. The answer may be any status;
   * the caller checks it with {@link #check} and closes it.
   */
  Response openEvents(String id, long afterSeq) throws IOException {
    Request.Builder r = request("v1/builds/" + id + "/events").header("Accept", "text/event-stream");
    if (afterSeq > 0) {
      r.header("Last-Event-ID", Long.toString(afterSeq));
    }
    return execute(streams, r.build());
  }

  /**
   * Posts a run (the extension {@code POST /v1/runs}) and returns its event stream, checked;
   * the caller closes it, which stops the machine on the server.
   */
  Response openRun(JsonNode body) throws IOException {
    Response r = execute(streams, request("v1/runs").header("Accept", "text/event-stream")
        .post(RequestBody.create(JSON.writeValueAsBytes(body), JSON_TYPE)).build());
    check(r);
    return r;
  }

  /**
   * A machine request ({@code v1/machines…}, docs/MACHINES.md) and its JSON answer, checked. On
   * the streaming client: creating a machine waits for its ready check, longer than a read timeout.
   */
  JsonNode machines(String method, String path, JsonNode body) throws IOException {
    RequestBody payload = body == null ? null : RequestBody.create(JSON.writeValueAsBytes(body), JSON_TYPE);
    Response r = execute(streams, request(path).method(method, payload).build());
    check(r);
    return json(r);
  }

  /** Opens a machine's event stream (exec with {@code body}, or logs with none), checked; the caller closes it. */
  Response openMachineStream(String path, JsonNode body) throws IOException {
    Request.Builder b = request(path).header("Accept", "text/event-stream");
    Response r = execute(streams, body == null ? b.get().build()
        : b.post(RequestBody.create(JSON.writeValueAsBytes(body), JSON_TYPE)).build());
    check(r);
    return r;
  }

  /** Throws the sentence for an answer that is not a success; closes it then. */
  void check(Response r) throws IOException {
    if (r.isSuccessful()) {
      return;
    }
    try (r) {
      if (r.code() == 401) {
        throw new RemoteRefusalException(401, "the server " + url() + " refused the token; give the one "
            + "in serve's token file with --token-file FILE or TEMPLATE_STUDIO_TOKEN");
      }
      String message;
      try {
        message = JSON.readTree(r.body().byteStream()).path("error").asText(null);
      } catch (IOException e) {
        message = null;
      }
      throw new RemoteRefusalException(r.code(), message != null ? message
          : r.request().method() + " " + r.request().url().encodedPath() + " answered HTTP " + r.code());
    }
  }

  @Override
  public void close() {
    http.connectionPool().evictAll();
    streams.connectionPool().evictAll();
  }

  private Response call(Request request) throws IOException {
    Response r = execute(http, request);
    check(r);
    return r;
  }

  private Response execute(OkHttpClient client, Request request) throws IOException {
    try {
      return client.newCall(request).execute();
    } catch (ConnectException e) {
      throw new RuntimeUnavailableException("cannot reach " + url() + ": connection refused", e);
    } catch (UnknownHostException e) {
      throw new RuntimeUnavailableException("cannot reach " + url() + ": unknown host " + base.host(), e);
    } catch (SocketTimeoutException e) {
      throw new RuntimeUnavailableException("cannot reach " + url() + ": no answer in time", e);
    } catch (SSLException e) {
      throw new RuntimeUnavailableException("cannot reach " + url() + ": the TLS handshake failed ("
          + e.getMessage() + ")", e);
    } catch (IOException e) {
      throw new RuntimeUnavailableException("cannot reach " + url() + ": " + e.getMessage(), e);
    }
  }

  private Request get(String path) {
    return request(path).get().build();
  }

  private Request.Builder request(String path) {
    return new Request.Builder().url(base.resolve(path)).header("Authorization", "Bearer " + token);
  }

  private static JsonNode json(Response r) throws IOException {
    try (r) {
      return JSON.readTree(r.body().byteStream());
    }
  }
}
