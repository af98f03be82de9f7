package dev.templatestudio.bridge.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class EventLogTest {
  @Test
  void aReaderCatchesUpInBoundedSteps() {
    EventLog log = new EventLog("b1", SecretMasker.none());
    for (int i = 0; i < 10; i++) {
      log.append(BuildEvent.of(BuildEvent.LOG).step(1).message("line " + i).build());
    }
    assertThat(log.after(0, 4)).extracting(BuildEvent::seq).containsExactly(1L, 2L, 3L, 4L);
    assertThat(log.after(8, 4)).extracting(BuildEvent::seq).containsExactly(9L, 10L);
    assertThat(log.after(10, 4)).isEmpty();
    assertThat(log.after(3, 0)).isEmpty();
  }

  @Test
  void eventsInOneMillisecondShareTheirTimeAndANewMillisecondGetsItsOwn() {
    Instant[] now = {Instant.parse("2026-11-28T18:00:00.123456Z")};
    Clock clock = new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now[0];
      }
    };
    EventLog log = new EventLog("b1", SecretMasker.none(), clock);
    BuildEvent a = log.append(BuildEvent.of(BuildEvent.LOG).message("a").build());
    now[0] = Instant.parse("2026-11-28T18:00:00.123999Z");
    BuildEvent b = log.append(BuildEvent.of(BuildEvent.LOG).message("b").build());
    now[0] = Instant.parse("2026-11-28T18:00:01Z");
    BuildEvent c = log.append(BuildEvent.of(BuildEvent.LOG).message("c").build());
    assertThat(a.time()).isEqualTo("2026-11-28T18:00:00.123Z").isSameAs(b.time());
    assertThat(c.time()).as("three fraction digits on a whole second too").isEqualTo("2026-11-28T18:00:01.000Z");
  }
}
