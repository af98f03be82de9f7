package dev.templatestudio.bridge.embedded;

import static dev.templatestudio.bridge.embedded.EngineFixture.assertNothingLeft;
import static dev.templatestudio.bridge.embedded.EngineFixture.assertReady;
import static dev.templatestudio.bridge.embedded.EngineFixture.build;
import static dev.templatestudio.bridge.embedded.EngineFixture.cacheOutcomes;
import static dev.templatestudio.bridge.embedded.EngineFixture.events;
import static dev.templatestudio.bridge.embedded.EngineFixture.template;
import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.template.RunStep;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cancel mid-step, SIGKILL of a building JVM, and two builds sharing one store. */
class CancelCrashConcurrencyTest extends EngineTestBase {
  String marker;

  @BeforeEach
  void setUp() throws Exception {
    marker = "marker-" + UUID.randomUUID();
  }

  @Test
  void cancelMidStepKillsEverythingWithinASecondAndRecordsNothingHalfDone() throws Exception {
    BuildHandle h = rt.build(BuildRequest.of(template("slow", new RunStep("echo one > /one"),
        new RunStep("sleep 300 & echo started; sleep 301 # " + marker)), ctx));
    CountDownLatch started = new CountDownLatch(1);
    h.events().subscribe(0, e -> {
      if ("started".equals(e.message())) {
        started.countDown();
      }
    });
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
    long t0 = System.nanoTime();
    h.cancel();
    BuildEvent end = h.result().get(5, TimeUnit.SECONDS);
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(1000);
    assertThat(end.status()).isEqualTo(BuildEvent.STATUS_CANCELLED);
    assertThat(events(h, BuildEvent.STEP_END)).extracting(BuildEvent::status)
        .containsExactly("done", "done", "cancelled");
    // The shell with the marker shared its pid namespace with the sleeps: the kernel kills all or none.
    assertNothingLeft(store.root(), marker);
    try (var left = Files.list(store.root().resolve("work"))) {
      assertThat(left).isEmpty();
    }
    BuildHandle again = build(rt, template("slow", new RunStep("echo one > /one"), new RunStep("echo quick")), ctx);
    assertReady(again);
    List<String> outcomes = cacheOutcomes(again);
    assertThat(outcomes.subList(0, 2)).containsExactly("hit", "hit");
    assertThat(outcomes.get(2)).startsWith("command changed: sleep 300 & echo started; sleep 301 # marker-")
        .endsWith(" -> echo quick");
  }

  @Test
  void aBuildKilledWithSigkillLeavesAStoreTheNextBuildUses() throws Exception {
    // Kill after the first event, mid-step, and after a few random numbers of events.
    java.util.Random random = new java.util.Random();
    List<String> killPoints = List.of("build-start", "started", "#" + (2 + random.nextInt(8)),
        "#" + (2 + random.nextInt(8)));
    for (String killAfter : killPoints) {
      Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), BuildMain.class.getName(),
          store.root().toString(), ctx.toString(), marker).redirectErrorStream(true).start();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        int events = 0;
        while ((line = r.readLine()) != null && !line.startsWith(killAfter) && !line.endsWith(killAfter)
            && !killAfter.equals("#" + events)) {
          events++;
        }
        assertThat(line).as("the child build reached " + killAfter).isNotNull();
      }
      child.destroyForcibly();
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
      long deadline = System.currentTimeMillis() + 2000;
      while (System.currentTimeMillis() < deadline && dev.templatestudio.bridge.testing.ProcessArgs.anyContains(marker)) {
        Thread.sleep(20);
      }
      assertNothingLeft(store.root(), marker);
    }
    BuildHandle rebuilt = build(rt, template("killed", new RunStep("echo one > /one"), new RunStep("echo after")), ctx);
    assertReady(rebuilt);
    assertThat(cacheOutcomes(rebuilt).get(1)).isEqualTo("hit");
    try (var left = Files.list(store.root().resolve("work"))) {
      assertThat(left).as("the killed builds' scratch dirs were cleaned up").isEmpty();
    }
  }

  @Test
  void aBuildInAnotherProcessSharesTheStoreWithOneInThisProcess() throws Exception {
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), BuildMain.class.getName(),
        store.root().toString(), ctx.toString(), marker, "gamma", "sleep 0.5; echo g > /g")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    BuildHandle here = build(rt, template("delta", new RunStep("echo one > /one"), new RunStep("sleep 0.5; echo d > /d")), ctx);
    assertReady(here);
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).isZero();
    assertThat(store.templates().resolve("gamma")).isPresent();
    assertThat(store.templates().resolve("delta")).isPresent();
  }

  @Test
  void twoBuildsAtOnceShareTheStore() throws Exception {
    BuildHandle a = rt.build(BuildRequest.of(template("alpha", new RunStep("echo shared > /shared"),
        new RunStep("sleep 0.3; echo a > /a")), ctx));
    BuildHandle b = rt.build(BuildRequest.of(template("beta", new RunStep("echo shared > /shared"),
        new RunStep("sleep 0.3; echo b > /b")), ctx));
    String refA = assertReady(a);
    String refB = assertReady(b);
    assertThat(refA).startsWith("alpha@");
    assertThat(refB).startsWith("beta@");
    assertThat(rt.templates()).extracting(t -> t.name()).contains("alpha", "beta", "busybox");
    assertThat(cacheOutcomes(build(rt, template("alpha", new RunStep("echo shared > /shared"),
        new RunStep("sleep 0.3; echo a > /a")), ctx))).containsOnly("hit");
  }
}
