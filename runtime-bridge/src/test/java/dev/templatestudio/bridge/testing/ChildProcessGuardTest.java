package dev.templatestudio.bridge.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The guard every test runs under: sample tests (nested classes, which Surefire does not pick
 * up on their own) are run by the JUnit test kit, and what became of them and of their
 * processes is checked.
 */
class ChildProcessGuardTest {
  static final List<Process> STARTED = new CopyOnWriteArrayList<>();

  private static Events run(Class<?> sample, String timeout) {
    STARTED.clear();
    return EngineTestKit.engine("junit-jupiter")
        .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
        .configurationParameter("junit.jupiter.execution.timeout.default", timeout)
        .selectors(selectClass(sample)).execute().testEvents();
  }

  @Test
  void aProcessATestLeavesRunningIsKilledAndTheTestFailsNamingIt() throws Exception {
    Events events = run(LeavesASleep.class, "1 m");

    events.assertStatistics(s -> s.started(1).failed(1));
    Throwable why = events.failed().list().get(0).getPayload(org.junit.platform.engine.TestExecutionResult.class)
        .orElseThrow().getThrowable().orElseThrow();
    assertThat(why).hasMessageContaining("the test left 1 process(es) running, killed now").hasMessageContaining("sleep 300");
    assertThat(STARTED.get(0).isAlive()).isFalse();
  }

  @Test
  void aTestBlockedReadingAChildEndsAtTheTimeoutInsteadOfHangingTheBuild() {
    Events events = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60),
        () -> run(BlocksOnAChild.class, "2 s"));

    events.assertStatistics(s -> s.started(1).failed(1));
    assertThat(STARTED.get(0).isAlive()).isFalse();
  }

  @Test
  void aProcessTheTestEndsItselfPasses() {
    run(EndsItsSleep.class, "1 m").assertStatistics(s -> s.started(1).succeeded(1));
  }

  static Process sleep() throws IOException {
    Process p = new ProcessBuilder("sleep", "300").start();
    STARTED.add(p);
    return p;
  }

  static class LeavesASleep {
    @Test
    void startsAndForgets() throws IOException {
      sleep();
    }
  }

  static class BlocksOnAChild {
    @Test
    void readsForever() throws IOException {
      try (InputStream out = sleep().getInputStream()) {
        out.read();
      }
    }
  }

  static class EndsItsSleep {
    @Test
    void startsAndEnds() throws Exception {
      sleep().destroyForcibly().waitFor();
    }
  }
}
