package dev.templatestudio.bridge.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Relaying another log's events: their seq and time kept, secrets masked, no gaps. */
class EventLogRelayTest {

  @Test
  void relayedEventsKeepTheirStampsAndAreMaskedAgain() {
    EventLog here = new EventLog("b1", new SecretMasker(List.of("hunter2")));
    List<BuildEvent> seen = new ArrayList<>();
    here.subscribe(0, seen::add);
    BuildEvent remote = BuildEvent.of(BuildEvent.LOG).step(1).message("pw hunter2").build()
        .stamped(1, "2026-11-28T18:00:00.123Z", "b1");
    here.relay(remote);
    assertThat(seen).singleElement().satisfies(e -> {
      assertThat(e.seq()).isEqualTo(1);
      assertThat(e.time()).isEqualTo("2026-11-28T18:00:00.123Z");
      assertThat(e.message()).isEqualTo("pw ***");
    });
    assertThatThrownBy(() -> here.relay(remote.stamped(3, remote.time(), "b1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not follow 1");
    here.relay(BuildEvent.of(BuildEvent.BUILD_END).status(BuildEvent.STATUS_READY).build().stamped(2, remote.time(), "b1"));
    assertThat(here.isEnded()).isTrue();
    assertThatThrownBy(() -> here.relay(remote.stamped(3, remote.time(), "b1"))).isInstanceOf(IllegalStateException.class);
  }
}
