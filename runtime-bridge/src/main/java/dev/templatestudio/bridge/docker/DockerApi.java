package dev.templatestudio.bridge.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
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
  /** Podman's API service: its commit takes the new config only as Dockerfile-like changes. */
  private final boolean podman;

  private DockerApi(DockerHttp http, String version, boolean podman) {
    this.http = http;
    this.version = version;
    this.podman = podman;
  }

  /** Connects and agrees on the API version: the engine's own when older than ours. */
  static DockerApi connect(DockerHost host) throws IOException {
    DockerHttp http = new DockerHttp(host);
    JsonNode v = http.json("GET", "/version", null);
    String engine = v.path("ApiVersion").asText(MAX_VERSION);
    String use = compare(engine, MAX_VERSION) < 0 ? engine : MAX_VERSION;
    http.useApiVersion(use);
    boolean podman = false;
    for (JsonNode c : v.path("Components")) {
      podman |= c.path("Name").asText().startsWith("Podman");
    }
    return new DockerApi(http, use, podman);
  }

  String version() {
    return version;
  }

  /** Whether the engine is Podman's API service. */
  boolean podman() {
    return podman;
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

  /** Images that carry {@code label}, those with children (a step's image under the next step's) too. */
  JsonNode allImages(String label) throws IOException {
    String filters = DockerHttp.JSON.writeValueAsString(Map.of("label", List.of(label)));
    return http.json("GET", "/images/json?all=1&filters=" + q(filters), null);
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

  /**
   * Commits a container's file system as an image whose config is {@code config} (Docker fills
   * the fields left out from the container's own); {@code comment} goes in its history.
   *
   * @return the new image's id
   */
  String commit(String container, ObjectNode config, String comment) throws IOException {
    String query = "/commit?container=" + q(container) + "&comment=" + q(comment) + "&pause=1";
    if (podman) {
      // Podman 4's compat commit reads no config from the body, only the changes of the query.
      for (String change : CommitChanges.of(config)) {
        query += "&changes=" + q(change);
      }
      return imageId(http.json("POST", query, DockerHttp.JSON.createObjectNode()).get("Id").asText());
    }
    return imageId(http.json("POST", query, config).get("Id").asText());
  }

  /** An image id as Docker writes it, {@code sha256:HEX}; Podman's commit answers the bare hex. */
  private static String imageId(String id) {
    return id.startsWith("sha256:") ? id : "sha256:" + id;
  }

  /** Unpacks {@code tar} into the container's file system at {@code path} (a folder there). */
  void putArchive(String container, String path, Path tar) throws IOException {
    try (DockerHttp.Response r = http.sendFile("PUT", "/containers/" + q(container) + "/archive?path=" + q(path),
        tar, "application/x-tar").checked()) {
      r.body.readAllBytes();
    }
  }

  /** A tar of {@code path} in the container's file system, named by its last name; close it. */
  DockerHttp.Response getArchive(String container, String path) throws IOException {
    return http.send("GET", "/containers/" + q(container) + "/archive?path=" + q(path), null, -1, null).checked();
  }

  /**
   * What is at {@code path} in the container (its {@code name}, {@code mode} with Go's type bits,
   * {@code linkTarget}), following links; empty when nothing is there.
   */
  Optional<JsonNode> stat(String container, String path) throws IOException {
    try (DockerHttp.Response r = http.send("HEAD", "/containers/" + q(container) + "/archive?path=" + q(path),
        null, -1, null)) {
      String header = r.headers.get("x-docker-container-path-stat");
      if (r.status == 404 || header == null) {
        return Optional.empty();
      }
      if (r.status / 100 != 2) {
        throw new DockerException(r.status, "cannot look at " + path + " in container " + container);
      }
      return Optional.of(DockerHttp.JSON.readTree(java.util.Base64.getDecoder().decode(header)));
    }
  }

  /** Removes an image; one that is gone or still used by another is left. */
  void removeImageQuietly(String image) {
    try {
      http.json("DELETE", "/images/" + q(image) + "?noprune=1", null);
    } catch (IOException e) {
      // An image still in use (a child, a container) or already gone stays as it is.
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
    return exec(container, command, env, null, null, output);
  }

  /**
   * As {@link #exec(String, List, List, BiConsumer)}, as {@code user} in {@code workdir} (null:
   * the container's). The env is the exec's only: it is not in the container's config, so a
   * commit of the container never holds it.
   */
  int exec(String container, List<String> command, List<String> env, String user, String workdir,
      BiConsumer<String, String> output) throws IOException {
    String id = createExec(container, command, env, user, workdir, false);
    ObjectNode start = DockerHttp.JSON.createObjectNode().put("Detach", false).put("Tty", false);
    byte[] body = DockerHttp.JSON.writeValueAsBytes(start);
    try (DockerHttp.Response r = http.send("POST", "/exec/" + id + "/start",
        new java.io.ByteArrayInputStream(body), body.length, "application/json").checked()) {
      demux(r.body, output);
    }
    return http.json("GET", "/exec/" + id + "/json", null).path("ExitCode").asInt(-1);
  }

  /**
   * As {@link #exec(String, List, List, BiConsumer)}, the command reading {@code stdin} (null:
   * none) until its end: the exec's connection is hijacked and a daemon thread copies the input
   * into it while this one reads the output. That thread may stay blocked in a read of an input
   * that never ends (a terminal) after the command ended, as the embedded runtime's does.
   */
  int exec(String container, List<String> command, List<String> env, InputStream stdin,
      BiConsumer<String, String> output) throws IOException {
    if (stdin == null) {
      return exec(container, command, env, output);
    }
    String id = createExec(container, command, env, null, null, true);
    byte[] body = DockerHttp.JSON.writeValueAsBytes(
        DockerHttp.JSON.createObjectNode().put("Detach", false).put("Tty", false));
    try (DockerHttp.Response r = http.upgrade("/exec/" + id + "/start", body).checked()) {
      Thread feed = new Thread(() -> {
        try {
          r.sendInput(stdin);
        } catch (IOException e) {
          // The command ended (or closed its input) before it read all of it, as "head" does.
        }
      }, "docker-exec-stdin");
      feed.setDaemon(true);
      feed.start();
      demux(r.body, output);
    }
    return http.json("GET", "/exec/" + id + "/json", null).path("ExitCode").asInt(-1);
  }

  private String createExec(String container, List<String> command, List<String> env, String user, String workdir,
      boolean stdin) throws IOException {
    ObjectNode create = DockerHttp.JSON.createObjectNode();
    create.put("AttachStdin", stdin).put("AttachStdout", true).put("AttachStderr", true);
    if (user != null && !user.isEmpty()) {
      create.put("User", user);
    }
    if (workdir != null && !workdir.isEmpty()) {
      create.put("WorkingDir", workdir);
    }
    create.set("Env", DockerHttp.JSON.valueToTree(env));
    create.set("Cmd", DockerHttp.JSON.valueToTree(command));
    return http.json("POST", "/containers/" + q(container) + "/exec", create).get("Id").asText();
  }

  /** Joins the frames of Docker's multiplexed stdout/stderr stream. */
  static String demux(InputStream raw) throws IOException {
    StringBuilder out = new StringBuilder();
    demux(raw, (stream, text) -> out.append(text));
    return out.toString();
  }

  /**
   * Reads Docker's multiplexed stream (an 8-byte header per frame: stream, 0, 0, 0, size), a
   * frame at most {@link #PIECE} bytes at a time whatever size its header says, each stream
   * decoded as UTF-8 across frames (a character split between two frames stays whole).
   */
  static void demux(InputStream raw, BiConsumer<String, String> frames) throws IOException {
    DataInputStream in = new DataInputStream(raw);
    byte[] header = new byte[8];
    Map<String, Utf8Pieces> decoders = new HashMap<>();
    while (true) {
      try {
        in.readFully(header);
      } catch (EOFException e) {
        decoders.forEach((stream, d) -> d.end(text -> frames.accept(stream, text)));
        return;
      }
      long size = ((header[4] & 0xffL) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8)
          | (header[7] & 0xff);
      String stream = header[0] == 2 ? "stderr" : "stdout";
      Utf8Pieces decoder = decoders.computeIfAbsent(stream, s -> new Utf8Pieces());
      while (size > 0) {
        byte[] piece = in.readNBytes((int) Math.min(size, PIECE));
        if (piece.length == 0) {
          throw new EOFException("the engine's output stream ended inside a frame");
        }
        size -= piece.length;
        decoder.decode(piece, text -> frames.accept(stream, text));
      }
    }
  }

  /** The most of one frame held at once: a frame's size is the engine's to say, not its to make us hold. */
  private static final int PIECE = 64 * 1024;

  /** UTF-8 decoding of one stream's bytes as they come, a character split between pieces kept for the next. */
  private static final class Utf8Pieces {
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private ByteBuffer left = ByteBuffer.allocate(0);

    void decode(byte[] piece, java.util.function.Consumer<String> text) {
      ByteBuffer in = ByteBuffer.allocate(left.remaining() + piece.length).put(left).put(piece).flip();
      CharBuffer out = CharBuffer.allocate(in.remaining());
      decoder.decode(in, out, false);
      left = in.slice();
      if (out.position() > 0) {
        text.accept(out.flip().toString());
      }
    }

    void end(java.util.function.Consumer<String> text) {
      if (left.hasRemaining()) {
        CharBuffer out = CharBuffer.allocate(left.remaining() + 1);
        decoder.decode(left, out, true);
        decoder.flush(out);
        text.accept(out.flip().toString());
      }
    }
  }
}
