package dev.templatestudio.app.studio.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BackgroundPriorityTest {
  /** The calling thread's nice value, field 19 of /proc/thread-self/stat. */
  private static int ownNice() {
    try {
      String stat = Files.readString(Path.of("/proc/thread-self/stat"));
      return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void backgroundThreadsRunBelowTheWindowAndSoDoTheThreadsAndProcessesTheyStart() throws Exception {
    assumeTrue(Files.exists(Path.of("/proc/thread-self")), "Linux only");
    int window = ownNice();
    CompletableFuture<int[]> seen = new CompletableFuture<>();
    Thread t = BackgroundPriority.threads("test-background").newThread(() -> {
      try {
        int[] nice = new int[3];
        nice[0] = ownNice();
        Thread child = new Thread(() -> nice[1] = ownNice());
        child.start();
        child.join();
        Process p = new ProcessBuilder("sh", "-c", "cut -d' ' -f19 /proc/self/stat").start();
        nice[2] = Integer.parseInt(new String(p.getInputStream().readAllBytes()).strip());
        seen.complete(nice);
      } catch (Exception e) {
        seen.completeExceptionally(e);
      }
    });
    assertThat(t.isDaemon()).isTrue();
    assertThat(t.getName()).isEqualTo("test-background-1");
    t.start();
    int[] nice = seen.get(10, TimeUnit.SECONDS);
    int expected = Math.min(19, window + BackgroundPriority.NICE);
    assertThat(nice[0]).as("the background thread").isEqualTo(expected);
    assertThat(nice[1]).as("a thread it starts").isEqualTo(expected);
    assertThat(nice[2]).as("a process it starts").isEqualTo(expected);
    assertThat(ownNice()).as("the caller keeps its priority").isEqualTo(window);
  }
}
