package dev.templatestudio.bridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The guard in front of a real server, with small limits: what it drops, refuses and lets through. */
@Timeout(60)
class ConnectionGuardTest {
  static final String TOKEN = "t";
  @TempDir Path tmp;
  ApiServer server;
  final List<Socket> sockets = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = ApiServer.start(new DrivenBuildServerTest.DrivenRuntime(), tmp.resolve("serve"),
        new ApiServer.Options("127.0.0.1", 0, ApiToken.of(TOKEN), 1 << 20, "test", line -> { }),
        new ConnectionGuard.Limits(4, Duration.ofSeconds(1), Duration.ofSeconds(1)));
  }

  @AfterEach
  void stop() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
    server.close();
  }

  @Test
  void aBodyThatStopsComingIsDroppedAfterTheIdleTimeout() throws Exception {
    Socket s = open(server.port());
    send(s, "PUT /v1/contexts/sha256:" + "0".repeat(64) + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
        + "\r\nContent-Length: 100000\r\n\r\n" + "x".repeat(100));
    long t0 = System.nanoTime();
    assertThat(readAll(s)).as("nothing answered: the request never ended").isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(700), Duration.ofSeconds(5));
  }

  @Test
  void aFullServerReplacesAConnectionStillSendingItsHeadThenRefusesWith503() throws Exception {
    // Three event streams of the running build (connections that work) and one head never finished.
    Socket posting = open(server.port());
    send(posting, post());
    assertThat(readAll(posting)).startsWith("HTTP/1.1 202 ");
    for (int i = 0; i < 3; i++) {
      follow();
    }
    Socket idle = open(server.port());
    send(idle, "GET /v1/he");
    Socket health = open(server.port());
    send(health, get("/v1/health"));
    assertThat(readAll(health)).startsWith("HTTP/1.1 200 OK");
    assertThat(readAll(idle)).as("replaced by the health request").isEmpty();
    follow();
    Socket fifth = open(server.port());
    send(fifth, get("/v1/health"));
    String refused = readAll(fifth);
    assertThat(refused).startsWith("HTTP/1.1 503 ").endsWith(
        "{\"error\":\"the server has 4 connections open, its most; try again shortly\"}");
  }

  @Test
  void theServerBehindTheGuardRefusesRequestsThatDidNotComeThroughIt() throws Exception {
    Socket direct = open(server.internalPort());
    send(direct, get("/v1/health"));
    assertThat(readAll(direct)).startsWith("HTTP/1.1 403 ")
        .endsWith("{\"error\":\"connect to the address serve printed, not to its internal one\"}");
  }

  /** Opens an event stream of the running build, which stays open. */
  private void follow() throws IOException {
    Socket stream = open(server.port());
    send(stream, get("/v1/builds/" + DrivenBuildServerTest.ID + "/events"));
    assertThat(new BufferedReader(new InputStreamReader(stream.getInputStream(), StandardCharsets.US_ASCII))
        .readLine()).isEqualTo("HTTP/1.1 200 OK");
  }

  private Socket open(int port) throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    s.setSoTimeout(10_000);
    sockets.add(s);
    return s;
  }

  private static String post() {
    String body = DrivenBuildServerTest.BODY;
    return "POST /v1/builds HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN + "\r\nContent-Length: "
        + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
  }

  private static String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN + "\r\n\r\n";
  }

  private static void send(Socket s, String text) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** Everything the server sends until it closes the connection. */
  private static String readAll(Socket s) throws IOException {
    try {
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.net.SocketException e) {
      return "";
    }
  }
}
