package dev.templatestudio.bridge.ready;

import dev.templatestudio.bridge.plan.StepFailure;
import dev.templatestudio.bridge.template.Ready;
import java.io.IOException;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Waits until a started machine passes its ready check (CONTRACT.md §3 READY): the one loop of
 * every runtime, polling its {@link Probe} up to the check's timeout. Fails early, with the start
 * command's output, when the start command ends first. Runs on the calling thread.
 */
public final class ReadyLoop {
  /** How long a check may take when the template gives no {@code timeoutSeconds}. */
  public static final int DEFAULT_TIMEOUT_SECONDS = 60;
  /** How long a machine without a check must live for its start command to count as started. */
  private static final long NO_CHECK_MILLIS = 300;

  private ReadyLoop() {}

  /** How one runtime looks at its machine. Called on the waiting thread only. */
  public interface Probe {
    /**
     * Returns when the start command still runs.
     *
     * @throws StepFailure naming its exit code (and its output) when it has ended
     */
    void failIfEnded() throws StepFailure, IOException, InterruptedException;

    /** The HTTP status the check's URL answers with now, or {@link ReadyWords#NO_ANSWER}. */
    int urlStatus(Ready.Url url) throws StepFailure, IOException, InterruptedException;

    /** Whether a port, file, process or command check passes now. */
    boolean passes(Ready ready) throws StepFailure, IOException, InterruptedException;

    /** The last lines the start command printed, or "" for none. */
    String outputTail() throws IOException;
  }

  /**
   * Blocks until the machine {@code probe} looks at is ready, asking every {@code pollMillis};
   * returns the {@code ready} event's message.
   *
   * @throws StepFailure when it is not ready in time or its start command ended
   * @throws InterruptedException when {@code cancelled} turns true, or the thread is interrupted
   */
  public static String await(Ready ready, Probe probe, long pollMillis, BooleanSupplier cancelled)
      throws StepFailure, IOException, InterruptedException {
    return await(ready, probe, pollMillis, pollMillis, cancelled);
  }

  /**
   * As {@link #await(Ready, Probe, long, BooleanSupplier)}, asking first after {@code
   * firstPollMillis}, then after twice as long each time up to {@code pollMillis}: a probe
   * that costs little finds a service that is up within milliseconds at once, and one that
   * takes seconds is not asked more often than before.
   */
  public static String await(Ready ready, Probe probe, long firstPollMillis, long pollMillis,
      BooleanSupplier cancelled) throws StepFailure, IOException, InterruptedException {
    long start = System.nanoTime();
    long wait = Math.min(firstPollMillis, pollMillis);
    if (ready == null) {
      // Without a check, a start command that fails at once must still fail the build.
      Thread.sleep(NO_CHECK_MILLIS);
      probe.failIfEnded();
      return "started (no ready check)";
    }
    int timeout = ready instanceof Ready.Timeout t ? t.seconds()
        : ready.timeoutSeconds() != null ? ready.timeoutSeconds() : DEFAULT_TIMEOUT_SECONDS;
    long deadline = start + timeout * 1_000_000_000L;
    int lastUrlStatus = ReadyWords.NO_ANSWER;
    while (true) {
      if (cancelled.getAsBoolean()) {
        throw new InterruptedException("cancelled");
      }
      probe.failIfEnded();
      long now = System.nanoTime();
      if (ready instanceof Ready.Timeout) {
        if (now >= deadline) {
          return "still running after " + timeout + "s";
        }
      } else {
        boolean passed;
        if (ready instanceof Ready.Url url) {
          int status = probe.urlStatus(url);
          lastUrlStatus = status == ReadyWords.NO_ANSWER ? lastUrlStatus : status;
          passed = ReadyWords.urlPasses(url, status);
        } else {
          passed = probe.passes(ready);
        }
        if (passed) {
          return ReadyWords.passed(ready) + " after " + String.format(Locale.ROOT, "%.1fs", (now - start) / 1e9);
        }
        if (now >= deadline) {
          String tail = probe.outputTail();
          throw new StepFailure("the machine was not ready after " + timeout + "s: "
              + ReadyWords.failed(ready, lastUrlStatus)
              + (tail.isEmpty() ? "" : "; the start command printed:\n" + tail));
        }
      }
      Thread.sleep(wait);
      wait = Math.min(pollMillis, wait * 2);
    }
  }
}
