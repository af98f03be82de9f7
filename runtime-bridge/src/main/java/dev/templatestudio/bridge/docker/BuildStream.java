package dev.templatestudio.bridge.docker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.EventLog;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the legacy builder's JSON message stream ({@code "Step N/M : …"}, {@code " ---> Using
 * cache"}, {@code " ---> Running in …"}, output lines, {@code errorDetail}, {@code aux}) into
 * CONTRACT.md §5 events for the template's steps: a step-start when a step's first instruction
 * begins, one cache-hit or cache-miss (a hit only when every instruction of the step was
 * cached), its output as log events, and a step-end. One thread feeds it, in stream order.
 */
final class BuildStream {
  private static final Pattern STEP = Pattern.compile("Step (\\d+)/(\\d+) : (.*)");
  private static final Pattern EXIT_CODE = Pattern.compile("returned a non-zero code: (\\d+)");
  private static final int TAIL_LINES = 10;

  /** What the stream needs to know about the build it reports. */
  record Plan(LegacyDockerfile dockerfile, List<String> messages, List<String> cacheKeys,
      boolean baseCached, IntFunction<String> missReason) {}

  private final Plan plan;
  private final EventLog log;
  private final int steps;
  private final StringBuilder pending = new StringBuilder();
  private final Deque<String> tail = new ArrayDeque<>();
  private int part = -1;
  private int instruction;
  private boolean arrowSeen;
  private boolean decided;
  private long partStarted;
  private int cacheHits;
  private String imageId;
  private String error;
  private String runningContainer;

  BuildStream(Plan plan, EventLog log) {
    this.plan = plan;
    this.log = log;
    this.steps = plan.messages().size() - 1;
  }

  /** Handles one JSON message of the stream. */
  void accept(JsonNode message) {
    if (message.hasNonNull("stream")) {
      pending.append(message.get("stream").asText());
      for (int nl = pending.indexOf("\n"); nl >= 0; nl = pending.indexOf("\n")) {
        line(pending.substring(0, nl));
        pending.delete(0, nl + 1);
      }
    }
    if (message.has("aux") && message.get("aux").hasNonNull("ID")) {
      imageId = message.get("aux").get("ID").asText();
    }
    if (message.hasNonNull("errorDetail") || message.hasNonNull("error")) {
      String text = message.path("errorDetail").path("message").asText(message.path("error").asText());
      error = errorSentence(text.trim());
    } else if (message.hasNonNull("status") && !message.path("progressDetail").has("current")) {
      // Pull progress of the base image: the lines without a byte count are worth a look.
      String id = message.path("id").asText("");
      logLine((id.isEmpty() ? "" : id + ": ") + message.get("status").asText());
    }
  }

  /** Ends the stream: closes the open step with {@code status} (done, error or cancelled). */
  void finish(String status) {
    if (pending.length() > 0) {
      line(pending.toString());
      pending.setLength(0);
    }
    closePart(status);
  }

  /** The built image's id ({@code sha256:…}), or null when the build did not finish. */
  String imageId() {
    return imageId;
  }

  /** The build's error in one sentence, or null. */
  String error() {
    return error;
  }

  /** The container of the instruction running last (the one to remove after a cancel), or null. */
  String runningContainer() {
    return runningContainer;
  }

  int cacheHits() {
    return cacheHits;
  }

  private void line(String raw) {
    String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
    Matcher step = STEP.matcher(line);
    // Only the next instruction's number: a RUN may print a line that looks like a step.
    if (step.matches() && Integer.parseInt(step.group(1)) == instruction + 1) {
      instruction(instruction + 1);
    } else if (line.startsWith(" ---> ")) {
      arrow(line.substring(" ---> ".length()));
    } else if (line.startsWith("Successfully built ") && imageId == null) {
      imageId = line.substring("Successfully built ".length()).trim();
    } else if (!line.startsWith("Removing intermediate container ") && !line.startsWith("Successfully ")) {
      logLine(line);
    }
  }

  private void instruction(int n) {
    instruction = n;
    arrowSeen = false;
    int p = plan.dockerfile().partOf(n);
    if (p == part) {
      return;
    }
    closePart(BuildEvent.STATUS_DONE);
    part = p;
    decided = false;
    tail.clear();
    partStarted = System.nanoTime();
    if (isStep(p)) {
      log.append(BuildEvent.of(BuildEvent.STEP_START).step(p).steps(steps).message(plan.messages().get(p)).build());
    }
  }

  /** The first {@code --->} line after an instruction says whether Docker had it cached. */
  private void arrow(String rest) {
    if (rest.startsWith("Running in ")) {
      runningContainer = rest.substring("Running in ".length()).trim();
    }
    if (arrowSeen || !isStep(part)) {
      return;
    }
    arrowSeen = true;
    // Step 0 is the base alone: its ARG lines' values belong to the keys of the steps that use
    // them (as in the embedded runtime), so a changed value shows as those steps' miss.
    boolean cached = instruction == 1 ? plan.baseCached() : part == 0 || rest.startsWith("Using cache");
    if (!cached && !decided) {
      miss();
    }
    if (instruction == plan.dockerfile().lastOf(part) && !decided) {
      hit();
    }
  }

  private void closePart(String status) {
    if (!isStep(part)) {
      return;
    }
    if (!decided) {
      // A step that failed or was cancelled before Docker looked at its cache did not come from it.
      miss();
    }
    log.append(BuildEvent.of(BuildEvent.STEP_END).step(part).status(status)
        .durationMs((System.nanoTime() - partStarted) / 1_000_000).build());
    part = steps + 1;
  }

  private void hit() {
    decided = true;
    cacheHits++;
    log.append(BuildEvent.of(BuildEvent.CACHE_HIT).step(part).cacheKey(plan.cacheKeys().get(part)).build());
  }

  private void miss() {
    decided = true;
    log.append(BuildEvent.of(BuildEvent.CACHE_MISS).step(part).cacheKey(plan.cacheKeys().get(part))
        .reason(plan.missReason().apply(part)).build());
  }

  private void logLine(String line) {
    BuildEvent.Builder e = BuildEvent.of(BuildEvent.LOG).stream("stdout").level("info").message(line);
    if (isStep(part)) {
      e.step(part);
      tail.addLast(line);
      if (tail.size() > TAIL_LINES) {
        tail.removeFirst();
      }
    }
    log.append(e.build());
  }

  private boolean isStep(int p) {
    return p >= 0 && p <= steps;
  }

  /** Docker's error as the embedded runtime words a failed step: which step, exit code, last output. */
  private String errorSentence(String text) {
    if (!isStep(part)) {
      return text;
    }
    String where = "step " + part + " (" + plan.messages().get(part) + ")";
    if (instruction == 1 && !plan.baseCached()) {
      return where + " failed: the base image is not on the Docker Engine and pulling it failed: " + text;
    }
    Matcher code = EXIT_CODE.matcher(text);
    if (code.find()) {
      return where + " failed with exit code " + code.group(1)
          + (tail.isEmpty() ? "" : ":\n" + String.join("\n", tail));
    }
    return where + " failed: " + text;
  }
}
