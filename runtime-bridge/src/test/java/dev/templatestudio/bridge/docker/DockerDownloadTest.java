package dev.templatestudio.bridge.docker;

import static dev.templatestudio.bridge.embedded.EngineFixture.cacheOutcomes;
import static dev.templatestudio.bridge.embedded.EngineFixture.logText;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.io.Digests;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.DownloadStep;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Download steps ({@code ADD URL}) on the docker runtime, against the private dockerd and a
 * loopback HTTP server the test starts: fetched by the runtime (not in the container, which has
 * no way to the loopback), with the embedded runtime's modes, checksum check, cache and refusals.
 */
class DockerDownloadTest {
  private static final byte[] TOOL = "#!/bin/sh\necho tool ran\n".getBytes(StandardCharsets.UTF_8);
  @TempDir Path tmp;
  private DockerRuntime rt;
  private HttpServer server;
  private ExecutorService serverThreads;
  private final AtomicInteger toolRequests = new AtomicInteger();
  private String base;
  private String unique;

  @BeforeEach
  void start() throws Exception {
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
    serverThreads = Executors.newCachedThreadPool();
    server.setExecutor(serverThreads);
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
    unique = UUID.randomUUID().toString();
    rt = DockerRuntime.open(DockerEngineFixture.engine(), tmp.resolve("store"));
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (rt != null) {
      rt.close();
    }
    server.stop(0);
    serverThreads.shutdownNow();
    assertThat(serverThreads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  private Template template(String name, Step... steps) {
    List<Step> all = new ArrayList<>();
    all.add(new RunStep("echo " + unique));
    all.addAll(List.of(steps));
    return Template.of(Base.image(DockerEngineFixture.BASE), all).withName(name);
  }

  private BuildHandle build(Template t) throws Exception {
    BuildHandle h = rt.build(BuildRequest.of(t, Files.createDirectories(tmp.resolve("ctx"))));
    h.result().get(180, TimeUnit.SECONDS);
    return h;
  }

  private static BuildEvent end(BuildHandle h) throws Exception {
    return h.result().get(180, TimeUnit.SECONDS);
  }

  private static String sha256(byte[] bytes) {
    return Digests.of(Digests.sha256().digest(bytes));
  }

  @Test
  void downloadsVerifiesTheChecksumAndRebuildsFromTheCache() throws Exception {
    String sum = sha256(TOOL);
    Template t = template("docker-download", new DownloadStep(base + "/moved", "/opt/tool.sh", sum, null, null, false),
        new DownloadStep(base + "/tool.sh", "/usr/local/bin/", null, null, "0755", false),
        new RunStep("/usr/local/bin/tool.sh"));
    BuildHandle h = build(t);
    BuildEvent end = end(h);
    assertThat(end.status()).as(end.message()).isEqualTo(BuildEvent.STATUS_READY);
    assertThat(logText(h)).contains("tool ran");
    assertThat(h.events().after(0).stream().filter(e -> e.kind().equals(BuildEvent.STEP_START))
        .map(BuildEvent::message)).contains("ADD --checksum=" + sum + " " + base + "/moved /opt/tool.sh");
    List<String> out = new ArrayList<>();
    assertThat(rt.run(end.ref(), List.of("/bin/sh", "-c",
        "stat -c '%a %u' /opt/tool.sh /usr/local/bin/tool.sh; cat /opt/tool.sh"), (s, l) -> out.add(l))).isZero();
    assertThat(out).containsExactly("600 0", "755 0", "#!/bin/sh", "echo tool ran");

    int fetched = toolRequests.get();
    BuildHandle again = build(t);
    assertThat(end(again).ref()).isEqualTo(end.ref());
    assertThat(cacheOutcomes(again)).containsOnly("hit");
    assertThat(toolRequests.get()).as("a cached download is not fetched again").isEqualTo(fetched);
  }

  @Test
  void aWrongChecksumAndHostileAnswersEndTheStepInOneSentence() throws Exception {
    String wrong = "sha256:" + "0".repeat(64);
    BuildEvent e = end(build(template("docker-bad-sum", new DownloadStep(base + "/tool.sh", "/t", wrong, null, null,
        false))));
    assertThat(e.status()).isEqualTo(BuildEvent.STATUS_ERROR);
    assertThat(e.message()).isEqualTo("step 2 (ADD --checksum=" + wrong + " " + base + "/tool.sh /t) failed: "
        + "the download of " + base + "/tool.sh has checksum " + sha256(TOOL) + ", not the " + wrong
        + " the step expects");
    BuildEvent huge = end(build(template("docker-huge", new DownloadStep(base + "/huge", "/h"))));
    assertThat(huge.message()).isEqualTo("step 2 (ADD " + base + "/huge /h) failed: the download of " + base
        + "/huge is 102400 MB, more than the 4096 MB a download may be");
    BuildEvent redirected = end(build(template("docker-to-file", new DownloadStep(base + "/to-file", "/f"))));
    assertThat(redirected.message()).isEqualTo("step 2 (ADD " + base + "/to-file /f) failed: the download of "
        + base + "/to-file was redirected to file:///etc/passwd, which is not http or https");
  }
}
