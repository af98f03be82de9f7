package dev.templatestudio.bridge.embedded;

import static dev.templatestudio.bridge.embedded.EngineFixture.assertReady;
import static dev.templatestudio.bridge.embedded.EngineFixture.build;
import static dev.templatestudio.bridge.embedded.EngineFixture.cacheOutcomes;
import static dev.templatestudio.bridge.embedded.EngineFixture.end;
import static dev.templatestudio.bridge.embedded.EngineFixture.template;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.io.Digests;
import dev.templatestudio.bridge.template.DownloadStep;
import dev.templatestudio.bridge.template.RunStep;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Download steps ({@code ADD URL}) against a loopback HTTP server the test starts: the file
 * lands with ADD's mode or the step's, its checksum is verified, a rebuild takes it from the
 * cache, and hostile answers (a huge body, an endless one, a redirect to {@code file:}) end the
 * step in one sentence.
 */
class DownloadStepTest extends EngineTestBase {
  private static final byte[] TOOL = "#!/bin/sh\necho tool ran\n".getBytes(StandardCharsets.UTF_8);
  private HttpServer server;
  private ExecutorService serverThreads;
  private final AtomicInteger toolRequests = new AtomicInteger();
  private String base;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/tool.sh", x -> {
      toolRequests.incrementAndGet();
      x.sendResponseHeaders(200, TOOL.length);
      try (OutputStream out = x.getResponseBody()) {
        out.write(TOOL);
      }
    });
    server.createContext("/moved", x -> {
      x.getResponseHeaders().add("Location", "/tool.sh");
      x.sendResponseHeaders(302, -1);
      x.close();
    });
    server.createContext("/to-file", x -> {
      x.getResponseHeaders().add("Location", "file:///etc/passwd");
      x.sendResponseHeaders(302, -1);
      x.close();
    });
    server.createContext("/huge", x -> {
      x.sendResponseHeaders(200, 100L << 30);
      x.close();
    });
    server.createContext("/endless", x -> {
      x.sendResponseHeaders(200, 0);
      byte[] chunk = new byte[1 << 20];
      // Bounded here too, so a client that never stops cannot keep the test running.
      try (OutputStream out = x.getResponseBody()) {
        for (int i = 0; i < 2048; i++) {
          out.write(chunk);
        }
      } catch (IOException e) {
        // The client hung up: what the bound is for.
      }
    });
    serverThreads = Executors.newCachedThreadPool();
    server.setExecutor(serverThreads);
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stopServer() throws InterruptedException {
    server.stop(0);
    serverThreads.shutdownNow();
    assertThat(serverThreads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  private List<String> runIn(String ref, String command) throws Exception {
    List<String> out = new ArrayList<>();
    assertThat(rt.run(ref, List.of("/bin/sh", "-c", command), (s, l) -> out.add(l))).isZero();
    return out;
  }

  private static String sha256(byte[] bytes) {
    return Digests.of(Digests.sha256().digest(bytes));
  }

  @Test
  void downloadsVerifiesTheChecksumAndRebuildsFromTheCache() throws Exception {
    String sum = sha256(TOOL);
    var t = template("download", new DownloadStep(base + "/moved", "/opt/tool.sh", sum, null, null, false),
        new DownloadStep(base + "/tool.sh", "/usr/local/bin/", null, "app", "0755", false),
        new RunStep("/usr/local/bin/tool.sh"));
    var h = build(rt, BuildRequest.of(t, ctx));
    String ref = assertReady(h);
    assertThat(EngineFixture.logText(h)).contains("tool ran");
    assertThat(runIn(ref, "stat -c '%a %U' /opt/tool.sh /usr/local/bin/tool.sh; cat /opt/tool.sh")).containsExactly(
        "600 root", "755 app", "#!/bin/sh", "echo tool ran");
    assertThat(h.events().after(0).stream().filter(e -> e.kind().equals(BuildEvent.STEP_START))
        .map(BuildEvent::message)).contains("ADD --checksum=" + sum + " " + base + "/moved /opt/tool.sh");
    int fetched = toolRequests.get();
    var again = build(rt, BuildRequest.of(t, ctx));
    assertReady(again);
    assertThat(cacheOutcomes(again)).containsOnly("hit");
    assertThat(toolRequests.get()).as("a cached download is not fetched again").isEqualTo(fetched);
  }

  @Test
  void aWrongChecksumFailsTheStepInOneSentence() throws Exception {
    String wrong = "sha256:" + "0".repeat(64);
    BuildEvent e = end(build(rt, template("bad-sum", new DownloadStep(base + "/tool.sh", "/t", wrong, null, null,
        false)), ctx));
    assertThat(e.status()).isEqualTo(BuildEvent.STATUS_ERROR);
    assertThat(e.message()).isEqualTo("step 1 (ADD --checksum=" + wrong + " " + base + "/tool.sh /t) failed: "
        + "the download of " + base + "/tool.sh has checksum " + sha256(TOOL) + ", not the " + wrong
        + " the step expects");
  }

  @Test
  void hostileAnswersAreRefusedOrBounded() throws Exception {
    BuildEvent huge = end(build(rt, template("huge", new DownloadStep(base + "/huge", "/h")), ctx));
    assertThat(huge.message()).isEqualTo("step 1 (ADD " + base + "/huge /h) failed: the download of " + base
        + "/huge is 102400 MB, more than the 4096 MB a download may be");
    BuildEvent redirected = end(build(rt, template("to-file", new DownloadStep(base + "/to-file", "/f")), ctx));
    assertThat(redirected.message()).isEqualTo("step 1 (ADD " + base + "/to-file /f) failed: the download of "
        + base + "/to-file was redirected to file:///etc/passwd, which is not http or https");
    try (EmbeddedRuntime bounded = new EmbeddedRuntime(store, 16, "the test's bound")) {
      long t0 = System.nanoTime();
      BuildEvent endless = end(build(bounded, template("endless", new DownloadStep(base + "/endless", "/e")), ctx));
      assertThat(endless.status()).isEqualTo(BuildEvent.STATUS_ERROR);
      assertThat(endless.message()).startsWith("step 1 wrote more than the build's 16 MB of disk");
      assertThat((System.nanoTime() - t0) / 1_000_000_000).isLessThan(30);
    }
  }
}
