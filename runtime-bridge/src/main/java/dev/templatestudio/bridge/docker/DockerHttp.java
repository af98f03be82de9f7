package dev.templatestudio.bridge.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.templatestudio.bridge.host.HostFacts;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client for the Docker Engine API over a unix socket or TCP: one
 * connection per request ({@code Connection: close}), so a long build stream can be aborted by
 * closing its connection. Written here because the JDK's and OkHttp's clients cannot dial a unix
 * socket. Thread-safe; each {@link Response} belongs to one thread (abort from any).
 */
final class DockerHttp {
  static final ObjectMapper JSON = new ObjectMapper();
  private final DockerHost host;
  private volatile String versionPrefix = "";

  DockerHttp(DockerHost host) {
    this.host = host;
  }

  DockerHost host() {
    return host;
  }

  /** Prefixes every later path with {@code /vVERSION}. */
  void useApiVersion(String version) {
    versionPrefix = "/v" + version;
  }

  /** An answer whose body is read as it arrives; close it (or abort it from another thread). */
  static final class Response implements Closeable {
    final int status;
    final InputStream body;
    /** The answer's headers, their names in lower case. */
    final Map<String, String> headers;
    private final SocketChannel channel;

    private Response(int status, InputStream body, Map<String, String> headers, SocketChannel channel) {
      this.status = status;
      this.body = body;
      this.headers = headers;
      this.channel = channel;
    }

    /** Throws the engine's error message unless the status is 2xx (or 101, a hijacked stream). */
    Response checked() throws IOException {
      if (status / 100 != 2 && status != 101) {
        try (this) {
          throw new DockerException(status, errorMessage(body.readAllBytes()));
        }
      }
      return this;
    }

    /**
     * Writes all of {@code in} to a hijacked stream ({@link #upgrade}), then half-closes the
     * connection: the engine reads that as the end of the command's input. Writes on the channel
     * itself, not a channel stream: a stream's write would wait for the reader's lock while
     * another thread is blocked reading the command's output.
     */
    void sendInput(InputStream in) throws IOException {
      byte[] buffer = new byte[64 * 1024];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
        while (b.hasRemaining()) {
          channel.write(b);
        }
      }
      channel.shutdownOutput();
    }

    /** Closes the connection, which ends a blocked read on any thread. */
    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  /** Sends a request with an optional JSON body and returns the answer's JSON (null when empty). */
  JsonNode json(String method, String path, Object body) throws IOException {
    byte[] bytes = body == null ? null : JSON.writeValueAsBytes(body);
    try (Response r = send(method, path, bytes == null ? null : new ByteArrayInputStream(bytes),
        bytes == null ? -1 : bytes.length, "application/json").checked()) {
      byte[] answer = r.body.readAllBytes();
      return answer.length == 0 ? null : JSON.readTree(answer);
    }
  }

  /** Sends a file as the body (e.g. a build context tar). */
  Response sendFile(String method, String path, Path file, String contentType) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return send(method, path, in, Files.size(file), contentType);
    }
  }

  /** Sends a request, its body read from {@code body} ({@code length} bytes; none when null). */
  Response send(String method, String path, InputStream body, long length, String contentType) throws IOException {
    return send(method, path, body, length, contentType, "Connection: close\r\n");
  }

  /**
   * POSTs a JSON body asking the engine to hijack the connection ({@code Upgrade: tcp}, as
   * {@code docker exec -i} does): past the answer's head the connection carries the
   * multiplexed output one way and the raw input the other ({@link Response#sendInput}).
   */
  Response upgrade(String path, byte[] json) throws IOException {
    return send("POST", path, new ByteArrayInputStream(json), json.length, "application/json",
        "Connection: Upgrade\r\nUpgrade: tcp\r\n");
  }

  private Response send(String method, String path, InputStream body, long length, String contentType,
      String connection) throws IOException {
    SocketChannel channel;
    try {
      channel = host.connect();
    } catch (IOException e) {
      // What doctor says of the engine, fix included.
      throw new DockerEngineNeed.Unreachable(DockerEngineNeed.unreachable(HostFacts.local(), host,
          e.getMessage() == null ? "no answer" : e.getMessage()), e);
    }
    try {
      OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
      StringBuilder head = new StringBuilder()
          .append(method).append(' ').append(versionPrefix).append(path).append(" HTTP/1.1\r\n")
          .append("Host: docker\r\n").append(connection);
      if (body != null) {
        head.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ").append(length).append("\r\n");
      }
      out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) {
        body.transferTo(out);
      }
      out.flush();
      return read(channel, "HEAD".equals(method));
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static Response read(SocketChannel channel, boolean head) throws IOException {
    InputStream in = new BufferedInputStream(Channels.newInputStream(channel), 64 * 1024);
    String statusLine = HttpLines.readLine(in);
    if (statusLine == null || !statusLine.startsWith("HTTP/1.")) {
      throw new IOException("the Docker Engine sent no HTTP answer");
    }
    int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
    Map<String, String> headers = new HashMap<>();
    for (String line = HttpLines.readLine(in); line != null && !line.isEmpty(); line = HttpLines.readLine(in)) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
      }
    }
    InputStream body;
    if (head) {
      body = InputStream.nullInputStream();
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = new ChunkedInputStream(in);
    } else if (headers.containsKey("content-length")) {
      body = new ByteArrayInputStream(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
    } else {
      body = in;
    }
    return new Response(status, body, Map.copyOf(headers), channel);
  }

  /** The engine's {@code {"message": …}}, or the raw text. */
  static String errorMessage(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).trim();
    try {
      JsonNode node = JSON.readTree(text);
      if (node != null && node.hasNonNull("message")) {
        return node.get("message").asText();
      }
    } catch (IOException e) {
      // Not JSON: the text is the message.
    }
    return text;
  }
}
