package dev.templatestudio.app.studio.logview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.build.BuildEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A build's events with build stages (SESSION-PLAN's convention): grouped log lines, apart step states. */
class StageLogTest {
  private static BuildEvent staged(BuildEvent e, String stage) {
    return new BuildEvent(e.seq(), e.time(), e.build(), e.kind(), e.step(), e.steps(), e.message(), e.cacheKey(),
        e.reason(), e.stream(), e.level(), e.status(), e.durationMs(), e.ref(), e.cacheHits(), stage);
  }

  /** Stage "build" (steps 0…2, step 1 cached), then the final stage (steps 0…1). */
  private static List<BuildEvent> events() {
    List<BuildEvent> out = new ArrayList<>();
    out.add(BuildEvent.of(BuildEvent.BUILD_START).steps(1).build());
    for (int i = 0; i <= 2; i++) {
      out.add(staged(BuildEvent.of(BuildEvent.STEP_START).step(i).steps(2).message("RUN make " + i).build(), "build"));
      if (i == 1) {
        out.add(staged(BuildEvent.of(BuildEvent.CACHE_HIT).step(i).build(), "build"));
      } else {
        out.add(staged(BuildEvent.of(BuildEvent.CACHE_MISS).step(i).reason("parent changed").build(), "build"));
        out.add(staged(BuildEvent.of(BuildEvent.LOG).step(i).message("compiling " + i).build(), "build"));
      }
      out.add(staged(BuildEvent.of(BuildEvent.STEP_END).step(i).status("done").durationMs(1000L).build(), "build"));
    }
    out.add(BuildEvent.of(BuildEvent.STEP_START).step(0).steps(1).message("FROM debian").build());
    out.add(BuildEvent.of(BuildEvent.CACHE_HIT).step(0).build());
    out.add(BuildEvent.of(BuildEvent.STEP_END).step(0).status("done").build());
    out.add(BuildEvent.of(BuildEvent.STEP_START).step(1).steps(1).message("COPY --from=build /out /app").build());
    out.add(BuildEvent.of(BuildEvent.CACHE_MISS).step(1).reason("stage build changed").build());
    out.add(BuildEvent.of(BuildEvent.LOG).step(1).message("copied").build());
    out.add(BuildEvent.of(BuildEvent.STEP_END).step(1).status("done").durationMs(200L).build());
    out.add(BuildEvent.of(BuildEvent.BUILD_END).status("ready").steps(1).cacheHits(1).durationMs(4000L).build());
    return out;
  }

  @Test
  void theLogGroupsStepsUnderTheirStageAndTheFinalStageLast() {
    assertThat(LogText.of(events(), null)).isEqualTo("""
        Building 1 step
        \u2500\u2500 stage build
        #build/0 [0/2] RUN make 0
        #build/0 cache miss: parent changed
        #build/0 compiling 0
        #build/0 DONE 1.0s
        #build/1 [1/2] RUN make 1  CACHED
        #build/2 [2/2] RUN make 2
        #build/2 cache miss: parent changed
        #build/2 compiling 2
        #build/2 DONE 1.0s
        \u2500\u2500 final stage
        #0 [0/1] FROM debian  CACHED
        #1 [1/1] COPY --from=build /out /app
        #1 cache miss: stage build changed
        #1 copied
        #1 DONE 0.2s
        Build ready in 4.0s \u00B7 1 of 2 cached
        """);
    // Only the final stage's step 1: a stage's step 1 is not it.
    assertThat(LogText.of(events(), 1)).doesNotContain("build/1").contains("#1 copied");
  }

  @Test
  void aStagesStepStatesNeverReachTheFinalStagesParts() {
    StepTracker t = new StepTracker();
    t.reset(2);
    List<BuildEvent> events = events();
    for (BuildEvent e : events.subList(0, 12)) {
      t.apply(e, 1000);
    }
    StepChanges during = t.take();
    // Stage "build" ran its steps 0…2; the final stage's parts 0 and 1 are still queued.
    assertThat(during.steps()).isEmpty();
    assertThat(during.stageSteps()).containsOnlyKeys(new StageStep("build", 0), new StageStep("build", 1),
        new StageStep("build", 2));
    assertThat(during.stageSteps().get(new StageStep("build", 1)).state()).isEqualTo(StepState.CACHED);
    assertThat(during.stageSteps().get(new StageStep("build", 2)).state()).isEqualTo(StepState.DONE);
    assertThat(during.progressText()).isEqualTo("stage build \u00B7 step 2 of 2");
    for (BuildEvent e : events.subList(12, events.size())) {
      t.apply(e, 2000);
    }
    StepChanges after = t.take();
    assertThat(after.steps()).containsOnlyKeys(0, 1);
    assertThat(after.steps().get(1).missReason()).isEqualTo("stage build changed");
    assertThat(after.hits()).isEqualTo(1);
  }
}
