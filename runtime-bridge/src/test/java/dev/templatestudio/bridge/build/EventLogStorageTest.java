package dev.templatestudio.bridge.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The log's kept events, older ones read back decoded and the newest as appended: the same
 * events either way, for readers on any thread.
 */
class EventLogStorageTest {
  /** More than the log keeps undecoded, so reads cross from decoded events to kept ones. */
  private static final int MANY = 20_000;

  @Test
  void oldAndNewEventsReadBackAsAppended() {
    EventLog log = new EventLog("b1", SecretMasker.none());
    List<BuildEvent> appended = new ArrayList<>();
    for (int i = 0; i < MANY; i++) {
      appended.add(log.append(BuildEvent.of(BuildEvent.LOG).step(i % 7).stream("stdout").level("info")
          .message("\u001b[32mline\u001b[0m " + i + " \u00e9\u4e2d").build()));
    }
    assertThat(log.after(0)).containsExactlyElementsOf(appended);
    assertThat(log.after(MANY - 5000L, 2000)).containsExactlyElementsOf(appended.subList(MANY - 5000, MANY - 3000));
    List<BuildEvent> replayed = new ArrayList<>();
    log.subscribe(10, replayed::add);
    assertThat(replayed).containsExactlyElementsOf(appended.subList(10, MANY));
  }

  @Test
  void secretsStayMaskedInOldEvents() {
    EventLog log = new EventLog("b1", new SecretMasker(List.of("hunter2")));
    log.append(BuildEvent.of(BuildEvent.CACHE_MISS).step(1).reason("arg hunter2 changed").build());
    for (int i = 0; i < MANY; i++) {
      log.append(BuildEvent.of(BuildEvent.LOG).message("pw=hunter2 " + i).build());
    }
    assertThat(log.after(0, 2)).extracting(BuildEvent::reason, BuildEvent::message)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("arg *** changed", null),
            org.assertj.core.groups.Tuple.tuple(null, "pw=*** 0"));
  }

  @Test
  void relayedEventsKeepTheirTimeTextWhenReadBackDecoded() {
    EventLog log = new EventLog("b1", SecretMasker.none());
    for (int i = 1; i <= MANY; i++) {
      String time = i % 2 == 0 ? "2026-11-28T18:00:00.123Z" : "2026-11-28T18:00:00.123000Z";
      log.relay(BuildEvent.of(BuildEvent.LOG).message("m" + i).build().stamped(i, time, "elsewhere"));
    }
    assertThat(log.after(0, 2)).extracting(BuildEvent::time, BuildEvent::build)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("2026-11-28T18:00:00.123000Z", "b1"),
            org.assertj.core.groups.Tuple.tuple("2026-11-28T18:00:00.123Z", "b1"));
  }

  @Test
  void aRestoredLogThatGoesOnReadsBothItsStoredAndItsNewEvents() {
    List<BuildEvent> stored = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      stored.add(BuildEvent.of(BuildEvent.LOG).message("stored " + i).build().stamped(i, "2026-11-28T18:00:00Z", "b1"));
    }
    EventLog log = EventLog.restored("b1", stored);
    assertThat(log.isEnded()).isFalse();
    BuildEvent next = log.append(BuildEvent.of(BuildEvent.BUILD_END).status(BuildEvent.STATUS_DONE).build());
    assertThat(next.seq()).isEqualTo(101);
    List<BuildEvent> all = new ArrayList<>(stored);
    all.add(next);
    assertThat(log.after(0)).containsExactlyElementsOf(all);
    assertThat(log.isEnded()).isTrue();
    assertThat(EventLog.restored("b1", all).isEnded()).isTrue();
  }

  @Test
  void readersOnOtherThreadsSeeEveryEventInOrderWhileItIsAppended() throws Exception {
    EventLog log = new EventLog("b1", SecretMasker.none());
    int total = 200_000;
    AtomicReference<String> polled = new AtomicReference<>();
    AtomicReference<String> awaited = new AtomicReference<>();
    Thread poller = new Thread(() -> polled.set(read(total, seq -> log.after(seq, 1000))));
    Thread waiter = new Thread(() -> awaited.set(read(total, seq -> {
      try {
        return log.await(seq, 1000);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    })));
    poller.start();
    waiter.start();
    for (int i = 1; i <= total; i++) {
      log.append(BuildEvent.of(BuildEvent.LOG).step(i % 100).message("line " + i).build());
    }
    poller.join();
    waiter.join();
    assertThat(polled.get()).isEqualTo("read " + total);
    assertThat(awaited.get()).isEqualTo("read " + total);
  }

  /** Reads until {@code total} events arrived; what went wrong, if anything. */
  private static String read(int total, java.util.function.LongFunction<List<BuildEvent>> after) {
    long seq = 0;
    while (seq < total) {
      for (BuildEvent e : after.apply(seq)) {
        if (e.seq() != seq + 1 || !e.message().equals("line " + e.seq()) || e.step() != e.seq() % 100) {
          return "event " + (seq + 1) + " read as " + e;
        }
        seq++;
      }
    }
    return "read " + seq;
  }
}
