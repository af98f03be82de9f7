package dev.templatestudio.app.studio.machines;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A console without the toolkit: its history (Up/Down), and a command whose machine the holder
 * does not hold, which ends in one sentence and a failed line instead of an exit code.
 */
class ConsoleViewModelTest {
  private final ExecutorService commands = Executors.newSingleThreadExecutor();
  private final MachineHolder holder = new MachineHolder();
  private final ConsoleViewModel console = new ConsoleViewModel(new MachineHolder.Held<>("Embedded", "0123abcd"),
      holder, commands, Runnable::run, System::currentTimeMillis);

  @AfterEach
  void stop() throws InterruptedException {
    commands.shutdownNow();
    commands.awaitTermination(5, TimeUnit.SECONDS);
    holder.close();
  }

  private void runAndWait(String line) throws InterruptedException {
    assertThat(console.run(line)).isTrue();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (console.runningProperty().get() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(console.runningProperty().get()).isFalse();
  }

  @Test
  void aMachineTheStudioDoesNotHoldFailsInOneSentence() throws InterruptedException {
    runAndWait("echo hi");
    assertThat(console.lines()).extracting(ConsoleViewModel.Line::kind).containsExactly("command", "failed");
    assertThat(console.lines().get(0).text()).isEqualTo("$ echo hi");
    assertThat(console.lastExitProperty().get()).isEqualTo("failed: the studio holds no machines on Embedded");
    assertThat(console.run("  ")).isFalse();
  }

  @Test
  void upAndDownWalkTheHistoryWithoutRepeats() throws InterruptedException {
    runAndWait("one");
    runAndWait("two");
    runAndWait("two");
    assertThat(console.previous()).isEqualTo("two");
    assertThat(console.previous()).isEqualTo("one");
    assertThat(console.previous()).isNull();
    assertThat(console.next()).isEqualTo("two");
    assertThat(console.next()).isEmpty();
    console.clear();
    assertThat(console.lines()).isEmpty();
    assertThat(console.previous()).isEqualTo("two");
  }

  @Test
  void aGoneMachineRunsNothingMore() {
    console.machineGone();
    assertThat(console.run("echo hi")).isFalse();
    assertThat(console.lines()).extracting(ConsoleViewModel.Line::text)
        .containsExactly("machine 0123abcd stopped; its console runs nothing more");
  }

  @Test
  void figuresAreWrittenAsMachineLsWritesThem() {
    assertThat(MachineText.age("2026-12-07T10:00:00Z", java.time.Instant.parse("2026-12-07T10:04:03Z").toEpochMilli()))
        .isEqualTo("4m 03s");
    assertThat(MachineText.age("not a time", 0)).isEqualTo("-");
    assertThat(MachineText.readyIn(410L)).isEqualTo("0.41s");
    assertThat(MachineText.memory(1_234_567L)).isEqualTo("1.2 MB");
    assertThat(MachineText.memory(null)).isEqualTo("-");
    assertThat(MachineText.shortRef("web@sha256:3f2a9c1d07b4aaaaaaaaaaaa")).isEqualTo("web@sha256:3f2a9c1d07b4\u2026");
  }
}
