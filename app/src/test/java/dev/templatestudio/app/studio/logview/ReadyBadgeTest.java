package dev.templatestudio.app.studio.logview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.build.BuildEvent;
import org.junit.jupiter.api.Test;

/** The start card's badge: ready after a check that ran, CACHED after one taken from the store. */
class ReadyBadgeTest {
  private static StepProgress startCard(BuildEvent ready) {
    StepTracker tracker = new StepTracker();
    tracker.reset(2);
    tracker.apply(BuildEvent.of(BuildEvent.BUILD_START).steps(1).build(), 0);
    tracker.apply(ready, 0);
    return tracker.take().steps().get(2);
  }

  @Test
  void aCheckThatRanShowsReadyAndOneFromTheCacheShowsCachedWithTheSameDetail() {
    StepProgress ran = startCard(BuildEvent.of(BuildEvent.READY).message("port 8000 answered after 1.4s").build());
    StepProgress cached = startCard(BuildEvent.of(BuildEvent.READY).status(BuildEvent.STATUS_CACHED)
        .message("port 8000 answered after 1.4s").build());

    assertThat(ran.state()).isEqualTo(StepState.READY);
    assertThat(ran.state().label()).isEqualTo("ready");
    assertThat(cached.state()).isEqualTo(StepState.READY_CACHED);
    assertThat(cached.state().label()).isEqualTo("CACHED");
    assertThat(cached.detail()).isEqualTo(ran.detail()).isEqualTo("port 8000 answered after 1.4s");
    assertThat(LogText.of(java.util.List.of(BuildEvent.of(BuildEvent.READY).status(BuildEvent.STATUS_CACHED)
        .message("port 8000 answered after 1.4s").build()), null)).contains("ready: CACHED (port 8000 answered after 1.4s)");
  }
}
