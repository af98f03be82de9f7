package dev.templatestudio.bridge.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The Docker Engine API calls the docker runtime makes, at the API version negotiated with the
 * engine (at most {@link #MAX_VERSION}, what Docker 20.10 speaks). Thread-safe.
 */
final class DockerApi {
  /** The newest API version this client is written against. */
  static final String MAX_VERSION = "1.41";
  private final DockerHttp http;
  private final String version;

  private DockerApi(DockerHttp http, String version) {
    this.http = http;
    this.version = version;
  }

  /** Connects and agrees on the API version: the engine's own when older than ours. */
  static DockerApi connect(DockerHost host) throws IOException {
    DockerHttp http = new DockerHttp(host);
    JsonNode v = http.json("GET", "/version", null);
    String engine = v.path("ApiVersion").asText(MAX_VERSION);
    String use = compare(engine, MAX_VERSION) < 0 ? engine : MAX_VERSION;
    http.useApiVersion(use);
    return new DockerApi(http, use);
  }

  String version() {
    return version;
  }

  DockerHost host() {
    return http.host();
  }

  DockerHttp http() {
    return http;
  }

  static int compare(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int d = Integer.compare(i < x.length ? Integer.parseInt(x[i]) : 0, i < y.length ? Integer.parseInt(y[i]) : 0);
      if (d != 0) {
        return d;
      }
    }
    return 0;
  }

  static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** The image's inspect JSON, or empty when the engine has no such image. */
  Optional<JsonNode> image(String ref) throws IOException {
    try {
      return Optional.ofNullable(http.json("GET", "/images/" + q(ref) + "/json", null));
    } catch (DockerException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Images that carry {@code label}. */
  JsonNode images(String label) throws IOException {
    String filters = DockerHttp.JSON.writeValueAsString(Map.of("label", List.of(label)));
    return http.json("GET", "/images/json?filters=" + q(filters), null);
  }

  /** Starts a build from a context tar; the answer streams JSON messages. */
  DockerHttp.Response build(Path contextTar, String query) throws IOException {
    return http.sendFile("POST", "/build?" + query, contextTar, "application/x-tar").checked();
  }

  /** Tags an image {@code repo:tag}, moving the tag when another image had it. */
  void tag(String image, String repo, String tag) throws IOException {
    http.json("POST", "/images/" + q(image) + "/tag?repo=" + q(repo) + "&tag=" + q(tag), null);
  }

  /** Creates a container from {@code config} (Image, Cmd, Labels, …); returns its id. */
  String createContainer(ObjectNode config) throws IOException {
    return http.json("POST", "/containers/create", config).get("Id").asText();
  }

  void startContainer(String id) throws IOException {
    http.json("POST", "/containers/" + q(id) + "/start", null);
  }

  JsonNode inspectContainer(String id) throws IOException {
    return http.json("GET", "/containers/" + q(id) + "/json", null);
  }

  /** The container's processes as the host's {@code ps} sees them. */
  JsonNode top(String id) throws IOException {
    return http.json("GET", "/containers/" + q(id) + "/top", null);
  }

  /** Removes a container, running or not; one that is gone already is fine. */
  void removeContainer(String id) throws IOException {
    try {
      http.json("DELETE", "/containers/" + q(id) + "?force=1&v=1", null);
    } catch (DockerException e) {
      if (e.status() != 404) {
        throw e;
      }
    }
  }

  /** The last lines the container wrote to stdout and stderr, interleaved. */
  String logs(String id, int lines) throws IOException {
    try (DockerHttp.Response r = http.send("GET", "/containers/" + q(id) + "/logs?stdout=1&stderr=1&tail=" + lines,
        null, -1, null).checked()) {
      return demux(r.body);
    }
  }

  /** What a finished {@code exec} said and its exit code. */
  record ExecResult(int exitCode, String output) {}

  /** Runs {@code command} in a running container and waits for it; returns its output. */
  ExecResult exec(String container, List<String> command, List<String> env) throws IOException {
    StringBuilder out = new StringBuilder();
    int code = exec(container, command, env, (stream, text) -> out.append(text));
    return new ExecResult(code, out.toString());
  }

  /**
   * Runs {@code command} in a running container and waits for it; {@code output} gets each
   * frame of its output with its stream ({@code stdout} or {@code stderr}) as it comes.
   *
   * @return its exit code
   */
  int exec(String container, List<String> command, List<String> env, BiConsumer<String, String> output)
      throws IOException {
    ObjectNode create = DockerHttp.JSON.createObjectNode();
    create.put("AttachStdout", true).put("AttachStderr", true);
    create.set("Env", DockerHttp.JSON.valueToTree(env));
    create.set("Cmd", DockerHttp.JSON.valueToTree(command));
    String id = http.json("POST", "/containers/" + q(container) + "/exec", create).get("Id").asText();
    ObjectNode start = DockerHttp.JSON.createObjectNode().put("Detach", false).put("Tty", false);
    byte[] body = DockerHttp.JSON.writeValueAsBytes(start);
    try (DockerHttp.Response r = http.send("POST", "/exec/" + id + "/start",
        new java.io.ByteArrayInputStream(body), body.length, "application/json").checked()) {
      demux(r.body, output);
    }
    return http.json("GET", "/exec/" + id + "/json", null).path("ExitCode").asInt(-1);
  }

  /** Joins the frames of Docker's multiplexed stdout/stderr stream. */
  static String demux(InputStream raw) throws IOException {
    StringBuilder out = new StringBuilder();
    demux(raw, (stream, text) -> out.append(text));
    return out.toString();
  }

  /** Reads Docker's multiplexed stream (an 8-byte header per frame: stream, 0, 0, 0, size). */
  static void demux(InputStream raw, BiConsumer<String, String> frames) throws IOException {
    DataInputStream in = new DataInputStream(raw);
    byte[] header = new byte[8];
    while (true) {
      try {
        in.readFully(header);
      } catch (EOFException e) {
        return;
      }
      int size = ((header[4] & 0xff) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8) | (header[7] & 0xff);
      frames.accept(header[0] == 2 ? "stderr" : "stdout", new String(in.readNBytes(size), StandardCharsets.UTF_8));
    }
  }
}
