package dev.templatestudio.app.cli;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.text.Plural;
import java.io.PrintWriter;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Prints build events for people, BuildKit-style (CONTRACT.md §5): {@code #1 [1/5] RUN …}
 * ({@code #6 [build 2/3] RUN …} for a build stage's step),
 * output lines prefixed {@code #1 }, {@code #1 CACHED} (and nothing more for a cached step),
 * {@code #1 DONE 2.3s}, and last the canonical ref. A failed build's error is the one sentence
 * {@link BuildCommand} prints on stderr; here only what that sentence leaves out. Called on the
 * build's thread, one event at a time.
 */
final class PlainProgress implements Consumer<BuildEvent> {
  private final PrintWriter out;
  private final BitSet cached = new BitSet();
  private final java.util.Map<String, Integer> stageNumbers = new java.util.HashMap<>();
  private int finalSteps;
  private boolean stepFailed;

  PlainProgress(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void accept(BuildEvent e) {
    String kind = e.kind();
    if (BuildEvent.BUILD_START.equals(kind) && e.steps() != null) {
      finalSteps = e.steps();
    }
    Integer number = number(e);
    String n = number == null ? "" : "#" + number + " ";
    if (BuildEvent.STEP_START.equals(kind)) {
      out.println(n + "[" + (e.stage() == null ? "" : e.stage() + " ") + e.step() + "/" + e.steps() + "] "
          + e.message());
    } else if (BuildEvent.CACHE_HIT.equals(kind)) {
      cached.set(number);
      out.println(n + "CACHED");
    } else if (BuildEvent.CACHE_MISS.equals(kind)) {
      out.println(n + "cache miss: " + e.reason());
    } else if (BuildEvent.LOG.equals(kind)) {
      out.println(n + ("warn".equals(e.level()) ? "WARNING: " : "") + e.message());
    } else if (BuildEvent.STEP_END.equals(kind)) {
      stepEnd(e, n);
    } else if (BuildEvent.READY.equals(kind)) {
      out.println(BuildEvent.STATUS_CACHED.equals(e.status()) ? "ready: CACHED (" + e.message() + ")"
          : "ready: " + e.message());
    } else if (BuildEvent.BUILD_END.equals(kind)) {
      end(e);
    }
    out.flush();
  }

  /**
   * The {@code #N} of an event's step: the step for the final stage's (its cards' numbers), and
   * for a build stage's the next number after the final stage's steps, given at the stage step's
   * first event, so stages built at the same time never share one.
   */
  private Integer number(BuildEvent e) {
    if (e.step() == null || e.stage() == null) {
      return e.step();
    }
    return stageNumbers.computeIfAbsent(e.stage() + "/" + e.step(),
        k -> finalSteps + 1 + stageNumbers.size());
  }

  private void stepEnd(BuildEvent e, String n) {
    if (BuildEvent.STATUS_DONE.equals(e.status())) {
      if (!cached.get(number(e))) {
        out.println(n + "DONE " + seconds(e.durationMs()));
      }
    } else if (BuildEvent.STATUS_CANCELLED.equals(e.status())) {
      out.println(n + "CANCELLED " + seconds(e.durationMs()));
    } else {
      stepFailed = true;
      out.println(n + "ERROR " + seconds(e.durationMs()));
    }
  }

  private void end(BuildEvent e) {
    if (BuildEvent.STATUS_READY.equals(e.status())) {
      out.println("built in " + seconds(e.durationMs()) + ", " + e.cacheHits() + " of "
          + Plural.of(e.steps() + 1, "step") + " cached");
      out.println(e.ref());
    } else if (BuildEvent.STATUS_CANCELLED.equals(e.status())) {
      out.println("CANCELLED after " + seconds(e.durationMs()));
    } else if (!stepFailed) {
      // A failed step's output has just been shown; the start command's has not.
      List<String> output = FailureMessage.output(e.message());
      if (!output.isEmpty()) {
        out.println("last output:");
        output.forEach(line -> out.println("  " + line));
      }
    }
  }

  private static String seconds(Long millis) {
    return String.format(Locale.ROOT, "%.1fs", (millis == null ? 0 : millis) / 1000.0);
  }
}
