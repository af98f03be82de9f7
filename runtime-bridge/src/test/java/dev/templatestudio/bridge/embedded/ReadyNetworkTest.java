package dev.templatestudio.bridge.embedded;

import static dev.templatestudio.bridge.embedded.EngineFixture.assertReady;
import static dev.templatestudio.bridge.embedded.EngineFixture.build;
import static dev.templatestudio.bridge.embedded.EngineFixture.end;
import static dev.templatestudio.bridge.embedded.EngineFixture.template;
import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.Ready;
import dev.templatestudio.bridge.template.Start;
import dev.templatestudio.bridge.template.Template;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code run} and a build's start check give the machine a network namespace of its own, as
 * held machines have (issue 14): two of them serve the same port at once, and the ready check
 * looks inside the machine, so a process on the host's loopback port makes nothing ready.
 * Traffic goes only to 127.0.0.1 and inside the machines' namespaces.
 */
class ReadyNetworkTest extends EngineTestBase {
  private int port;
  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @BeforeEach
  void freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
  }

  @AfterEach
  void stopThreads() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(30, TimeUnit.SECONDS);
  }

  /**
   * Serves its own name on {@link #port}; ready once its page answers with that name, two seconds
   * after the check starts, so two machines started at once overlap.
   */
  private Template served(String name) {
    return template(name, new EnvStep(Map.of("NAME", name))).withStart(new Start(
        "mkdir -p /www && echo \"$NAME\" > /www/index.html && httpd -p " + port + " -h /www && exec sleep 600",
        new Ready.Command("sleep 2; wget -q -O - http://127.0.0.1:" + port + "/ | grep -qx \"$NAME\"", 30)));
  }

  @Test
  void twoBuildsWhoseStartCommandsListenOnTheSamePortGetReadyAtOnce() throws Exception {
    BuildHandle a = rt.build(BuildRequest.of(served("same-a"), ctx));
    BuildHandle b = rt.build(BuildRequest.of(served("same-b"), ctx));
    assertReady(a);
    assertReady(b);
  }

  @Test
  void twoRunsWhoseStartCommandsListenOnTheSamePortGetReadyAtOnce() throws Exception {
    List<String> refs = List.of(assertReady(build(rt, served("run-a"), ctx)), assertReady(build(rt, served("run-b"), ctx)));
    List<Future<List<String>>> runs = new ArrayList<>();
    for (String ref : refs) {
      runs.add(pool.submit(() -> {
        List<String> out = new ArrayList<>();
        int code = rt.run(ref, List.of("/bin/sh", "-c", "wget -q -O - http://127.0.0.1:" + port + "/"),
            (stream, line) -> out.add(line));
        out.add("exit " + code);
        return out;
      }));
    }
    assertThat(runs.get(0).get(2, TimeUnit.MINUTES)).containsExactly("run-a", "exit 0");
    assertThat(runs.get(1).get(2, TimeUnit.MINUTES)).containsExactly("run-b", "exit 0");
  }

  @Test
  void aProcessOnTheHostsLoopbackPortMakesNoBuildReady() throws Exception {
    try (ServerSocket host = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
      BuildEvent never = end(build(rt, template("never").withStart(new Start("exec sleep 600",
          new Ready.Port(port, 2))), ctx));
      assertThat(never.status()).isEqualTo(BuildEvent.STATUS_ERROR);
      assertThat(never.message()).contains("not ready after 2s");
    }
  }

  @Test
  void aProcessOnTheHostsLoopbackPortMakesNoRunReady() throws Exception {
    String ref = assertReady(build(rt, template("late").withStart(new Start(
        "sleep 2; touch /tmp/listening; exec httpd -f -p " + port + " -h /", new Ready.Port(port, 30))), ctx));
    try (ServerSocket host = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
      List<String> out = new ArrayList<>();
      int code = rt.run(ref, List.of("/bin/sh", "-c", "test -f /tmp/listening && echo own"), (s, l) -> out.add(l));
      assertThat(out).as("the run was ready only once its own httpd listened").containsExactly("own");
      assertThat(code).isZero();
    }
  }
}
