package dev.templatestudio.bridge.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.build.BuildEvent;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The shape CONTRACT.md §5 gives a build's events, checked event by event; readers of one part of it. */
final class EventOrder {
  private static final Set<String> ENDS = Set.of(BuildEvent.STATUS_READY, BuildEvent.STATUS_ERROR,
      BuildEvent.STATUS_CANCELLED);
  private static final Set<String> STEP_ENDS = Set.of(BuildEvent.STATUS_DONE, BuildEvent.STATUS_ERROR,
      BuildEvent.STATUS_CANCELLED);

  private EventOrder() {}

  /**
   * seq from 1 without gaps, every event of build {@code id} and stamped with a time; build-start
   * first with {@code steps}; then the steps from 0 on, each step-start, exactly one cache-hit or
   * cache-miss (a miss with a reason), its logs and its step-end; then at most one ready after
   * the last step; build-end last and only there. A build that ended early stops after the
   * step-end of the step it ended in.
   */
  static void assertWellFormed(List<BuildEvent> events, String id, int steps) {
    assertThat(events).as("events").isNotEmpty();
    for (int i = 0; i < events.size(); i++) {
      BuildEvent e = events.get(i);
      assertThat(e.seq()).as("seq of event %d: %s", i, e).isEqualTo(i + 1L);
      assertThat(e.build()).as("build of %s", e).isEqualTo(id);
      assertThat(e.time()).as("time of %s", e).isNotNull();
      Instant.parse(e.time());
    }
    BuildEvent first = events.get(0);
    assertThat(first.kind()).isEqualTo(BuildEvent.BUILD_START);
    assertThat(first.steps()).isEqualTo(steps);
    BuildEvent last = events.get(events.size() - 1);
    assertThat(last.kind()).as("last: %s", last).isEqualTo(BuildEvent.BUILD_END);
    assertThat(last.status()).isIn(ENDS);
    int current = -1;
    boolean open = false;
    int cacheEvents = 0;
    int readies = 0;
    for (BuildEvent e : events.subList(1, events.size() - 1)) {
      switch (e.kind()) {
        case BuildEvent.STEP_START -> {
          assertThat(open).as("step-start inside step %d: %s", current, e).isFalse();
          assertThat(e.step()).as("steps in order: %s", e).isEqualTo(current + 1);
          assertThat(e.steps()).as("steps of %s", e).isEqualTo(steps);
          current = e.step();
          open = true;
          cacheEvents = 0;
        }
        case BuildEvent.CACHE_HIT, BuildEvent.CACHE_MISS -> {
          assertThat(open && e.step() == current).as("cache event in its step: %s", e).isTrue();
          assertThat(e.cacheKey()).as("key of %s", e).isNotBlank();
          if (e.kind().equals(BuildEvent.CACHE_MISS)) {
            assertThat(e.reason()).as("reason of %s", e).isNotBlank();
          }
          cacheEvents++;
        }
        case BuildEvent.LOG -> {
          assertThat(e.message()).as("log %s", e).isNotNull();
          if (e.step() != null) {
            assertThat(e.step()).as("log of the running step: %s", e).isEqualTo(current);
          }
        }
        case BuildEvent.STEP_END -> {
          assertThat(open && e.step() == current).as("step-end of the running step: %s", e).isTrue();
          assertThat(cacheEvents).as("cache events of step %d", current).isEqualTo(1);
          assertThat(e.status()).isIn(STEP_ENDS);
          assertThat(e.durationMs()).as("duration of %s", e).isNotNull().isNotNegative();
          open = false;
        }
        case BuildEvent.READY -> {
          assertThat(!open && current == steps).as("ready after the last step: %s", e).isTrue();
          readies++;
        }
        default -> throw new AssertionError("an event of no kind §5 names, or a second build-start/end: " + e);
      }
    }
    assertThat(open).as("step %d never ended", current).isFalse();
    assertThat(readies).isLessThanOrEqualTo(1);
    if (last.status().equals(BuildEvent.STATUS_READY)) {
      assertThat(current).as("a ready build ran every step").isEqualTo(steps);
      assertThat(last.ref()).isNotBlank();
      assertThat(stepEnds(events)).containsOnly(BuildEvent.STATUS_DONE);
    } else {
      assertThat(last.message() != null || last.status().equals(BuildEvent.STATUS_CANCELLED))
          .as("an error says why: %s", last).isTrue();
    }
  }

  /** The message of each step-start, base first. */
  static List<String> stepStarts(List<BuildEvent> events) {
    return of(events, BuildEvent.STEP_START).stream().map(BuildEvent::message).collect(Collectors.toList());
  }

  /** The status of each step-end, base first. */
  static List<String> stepEnds(List<BuildEvent> events) {
    return of(events, BuildEvent.STEP_END).stream().map(BuildEvent::status).collect(Collectors.toList());
  }

  /** Each step's cache event: "hit" or the miss's reason, base first. */
  static List<String> cacheOutcomes(List<BuildEvent> events) {
    return events.stream().filter(e -> e.kind().equals(BuildEvent.CACHE_HIT) || e.kind().equals(BuildEvent.CACHE_MISS))
        .map(e -> e.kind().equals(BuildEvent.CACHE_HIT) ? "hit" : e.reason()).collect(Collectors.toList());
  }

  /** Each step's cache key, base first. */
  static List<String> cacheKeys(List<BuildEvent> events) {
    return events.stream().filter(e -> e.kind().equals(BuildEvent.CACHE_HIT) || e.kind().equals(BuildEvent.CACHE_MISS))
        .map(BuildEvent::cacheKey).collect(Collectors.toList());
  }

  /** The log lines of step {@code step}. */
  static List<String> logs(List<BuildEvent> events, int step) {
    return of(events, BuildEvent.LOG).stream().filter(e -> e.step() != null && e.step() == step)
        .map(BuildEvent::message).collect(Collectors.toList());
  }

  private static List<BuildEvent> of(List<BuildEvent> events, String kind) {
    return events.stream().filter(e -> e.kind().equals(kind)).collect(Collectors.toList());
  }
}
