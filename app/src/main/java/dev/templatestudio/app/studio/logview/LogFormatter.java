package dev.templatestudio.app.studio.logview;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.text.Plural;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns build events into styled log lines, BuildKit-style: a header {@code #3 [3/9] RUN …}
 * per step (bold; with {@code CACHED} in its own colour on a cache hit), output lines
 * prefixed {@code #3 }, {@code #3 DONE 2.3s}, and a closing summary. A step's header waits for
 * its cache decision, so a hit shows as one coloured line. One formatter per rendering of a
 * build; not thread-safe.
 *
 * <p>A build stage's steps (events with a {@code stage}) are numbered within their stage: their
 * lines are numbered with it ({@code #build/2 [2/5] RUN make}), a line {@code ── stage build} starts each
 * stage's group and {@code ── final stage} the final stage's, and their lines never mix with
 * a final-stage step of the same number (they do not fold). A build without stages has none.
 */
public final class LogFormatter {
  private final Map<Integer, String> pendingHeaders = new HashMap<>();
  private final Set<Integer> cached = new HashSet<>();
  private final Set<Integer> started = new HashSet<>();
  private final Map<StageStep, String> stageHeaders = new HashMap<>();
  private final Set<StageStep> stageCached = new HashSet<>();
  /** The stage whose group the last step line was in: null the final stage, {@link #NO_GROUP} before any. */
  private String group = NO_GROUP;
  private static final String NO_GROUP = "";
  private int steps;
  private String[] prefixes = new String[16];

  /** Appends the lines of {@code e} to {@code out}. */
  public void format(BuildEvent e, LogSink out) {
    if (e.step() != null) {
      group(e.stage(), out);
      if (e.stage() != null) {
        formatStage(e, out);
        return;
      }
    }
    int step = e.step() == null ? -1 : e.step();
    switch (e.kind()) {
      case BuildEvent.BUILD_START:
        steps = e.steps() == null ? 0 : e.steps();
        out.add("Building " + Plural.of(steps, "step") + (e.message() != null ? " \u00B7 " + e.message() : ""), "log-meta").newline();
        break;
      case BuildEvent.STEP_START:
        started.add(step);
        int total = e.steps() != null ? e.steps() : steps;
        pendingHeaders.put(step, "#" + step + " [" + step + "/" + total + "] " + nonNull(e.message()));
        break;
      case BuildEvent.CACHE_HIT:
        String header = pendingHeaders.remove(step);
        cached.add(step);
        out.add(header != null ? header : "#" + step, "log-header log-cached")
            .add(header != null ? "  CACHED" : " CACHED", "log-cached-mark").newline();
        break;
      case BuildEvent.CACHE_MISS:
        flushHeader(step, out);
        out.add("#" + step + " ", "log-prefix").add("cache miss: " + nonNull(e.reason()), "log-miss").newline();
        break;
      case BuildEvent.LOG:
        flushHeader(step, out);
        logLines(prefix(step), e, out);
        break;
      case BuildEvent.STEP_END:
        flushHeader(step, out);
        // A cache hit already said CACHED; BuildKit prints no DONE for it either.
        if (!(cached.contains(step) && BuildEvent.STATUS_DONE.equals(e.status()))) {
          stepEnd("#" + step, e, out);
        }
        break;
      case BuildEvent.READY:
        out.add(BuildEvent.STATUS_CACHED.equals(e.status()) ? "ready: CACHED (" + nonNull(e.message()) + ")"
            : "ready: " + nonNull(e.message()), "log-ready").newline();
        break;
      case BuildEvent.BUILD_END:
        pendingHeaders.clear();
        stageHeaders.clear();
        // The event's own counts when it has them: a log filtered to one step saw only that step.
        int hits = e.cacheHits() != null ? e.cacheHits() : cached.size();
        int parts = e.steps() != null ? e.steps() + 1 : Math.max(started.size(), steps + 1);
        out.add(endLine(e, hits, parts), endStyle(e.status())).newline();
        break;
      default:
        out.add(e.kind() + ": " + nonNull(e.message()), "log-meta").newline();
    }
  }

  private void group(String stage, LogSink out) {
    if (stage != null ? !stage.equals(group) : group != null && !group.equals(NO_GROUP)) {
      out.add("\u2500\u2500 " + (stage != null ? "stage " + stage : "final stage"), "log-stage").newline();
    }
    group = stage;
  }

  private void formatStage(BuildEvent e, LogSink out) {
    StageStep key = new StageStep(e.stage(), e.step());
    // "#build/2": a final-stage line's "#2" is its step for folding and filtering, a stage's is not.
    String number = "#" + e.stage() + "/" + e.step();
    String prefix = number + " ";
    switch (e.kind()) {
      case BuildEvent.STEP_START -> stageHeaders.put(key, number + " [" + e.step()
          + (e.steps() != null ? "/" + e.steps() : "") + "] " + nonNull(e.message()));
      case BuildEvent.CACHE_HIT -> {
        String header = stageHeaders.remove(key);
        stageCached.add(key);
        out.add(header != null ? header : prefix.strip(), "log-header log-cached")
            .add(header != null ? "  CACHED" : " CACHED", "log-cached-mark").newline();
      }
      case BuildEvent.CACHE_MISS -> {
        flushStageHeader(key, out);
        out.add(prefix, "log-prefix").add("cache miss: " + nonNull(e.reason()), "log-miss").newline();
      }
      case BuildEvent.LOG -> {
        flushStageHeader(key, out);
        logLines(prefix, e, out);
      }
      case BuildEvent.STEP_END -> {
        flushStageHeader(key, out);
        if (!(stageCached.contains(key) && BuildEvent.STATUS_DONE.equals(e.status()))) {
          stepEnd(number, e, out);
        }
      }
      default -> out.add(e.kind() + ": " + nonNull(e.message()), "log-meta").newline();
    }
  }

  private void flushStageHeader(StageStep key, LogSink out) {
    String header = stageHeaders.remove(key);
    if (header != null) {
      out.add(header, "log-header").newline();
    }
  }

  private void flushHeader(int step, LogSink out) {
    String header = pendingHeaders.remove(step);
    if (header != null) {
      // Only a step that runs gets here (a hit printed CACHED): its output follows, so it folds.
      out.add(header, "log-header").sectionHeader(step);
    }
  }

  private void logLines(String prefix, BuildEvent e, LogSink out) {
    String base = "stderr".equals(e.stream()) ? "log-stderr" : "";
    String message = nonNull(e.message());
    int from = 0;
    while (true) {
      int nl = message.indexOf('\n', from);
      String line = nl < 0 ? message.substring(from) : message.substring(from, nl);
      out.add(prefix, "log-prefix");
      if (AnsiText.hasEscapes(line)) {
        AnsiText.split(line, (text, style) -> out.add(text, style.isEmpty() ? base : style));
      } else {
        out.add(line, base);
      }
      out.newline();
      if (nl < 0) {
        break;
      }
      from = nl + 1;
    }
  }

  /** "#3 ", made once per step: it starts every output line. */
  private String prefix(int step) {
    if (step < 0) {
      return "";
    }
    if (step >= prefixes.length) {
      prefixes = Arrays.copyOf(prefixes, Math.max(step + 1, prefixes.length * 2));
    }
    if (prefixes[step] == null) {
      prefixes[step] = "#" + step + " ";
    }
    return prefixes[step];
  }

  private static void stepEnd(String number, BuildEvent e, LogSink out) {
    String status = nonNull(e.status());
    String time = e.durationMs() == null ? "" : " " + seconds(e.durationMs());
    if (BuildEvent.STATUS_DONE.equals(status)) {
      out.add(number + " DONE" + time, "log-done").newline();
    } else {
      String what = status.toUpperCase(Locale.ROOT) + time + (e.message() != null ? " " + e.message() : "");
      out.add(number + " " + what, "log-error").newline();
    }
  }

  private static final Pattern SHA256 = Pattern.compile("sha256:([0-9a-f]{8})[0-9a-f]{8,}");

  /**
   * The closing line of a build: status, time, cache hits and ref. {@code hits} of
   * {@code parts} (base and steps) came from the cache, counted from the build's own events:
   * runtimes differ in whether their {@code cacheHits} and {@code steps} count the base.
   */
  public static String endLine(BuildEvent e, int hits, int parts) {
    String time = e.durationMs() == null ? "" : " in " + seconds(e.durationMs());
    if (BuildEvent.STATUS_READY.equals(e.status())) {
      String cached = parts <= 0 ? "" : " \u00B7 " + hits + " of " + parts + " cached";
      return "Build ready" + time + cached + (e.ref() != null ? " \u00B7 " + e.ref() : "");
    }
    if (BuildEvent.STATUS_CANCELLED.equals(e.status())) {
      return "Build cancelled" + time;
    }
    return "Build failed" + time + (e.message() != null ? ": " + e.message() : "");
  }

  private static String endStyle(String status) {
    if (BuildEvent.STATUS_READY.equals(status)) {
      return "log-end-ok";
    }
    return BuildEvent.STATUS_CANCELLED.equals(status) ? "log-end-cancelled" : "log-end-error";
  }

  /**
   * {@code text} for one line of a narrow header: line breaks become spaces, and each sha256
   * digest is cut to its first 8 hex digits and an ellipsis (the whole text goes in a tooltip).
   */
  public static String headline(String text) {
    if (text == null) {
      return "";
    }
    return SHA256.matcher(text.strip().replaceAll("\\s*\\R\\s*", " ")).replaceAll("sha256:$1\u2026");
  }

  /** Milliseconds as {@code 2.3s}. */
  public static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
