package dev.templatestudio.bridge.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Events read back from their encoded form are equal to those stored, field by field. */
class EventStoreTest {
  private static final String ANSI = "\u001b[32mok\u001b[0m caf\u00e9 \u65e5\u672c \ud83d\ude80 \u001b[1;33mwarn\u001b[0m";

  @Test
  void everyFieldRoundTripsIncludingNullsAndExtremes() {
    List<BuildEvent> events = List.of(
        new BuildEvent(1, "2026-11-28T18:00:00.123Z", "b1", BuildEvent.LOG, 3, 100, ANSI, null, null,
            "stdout", "info", null, null, null, null, "build"),
        new BuildEvent(2, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null),
        new BuildEvent(3, "2026-11-28T18:00:01Z", "another build", "a kind of its own", -1, Integer.MAX_VALUE,
            "", "sha256:" + "ab".repeat(32), "parent \u00fcberholt", "stderr", "warn", BuildEvent.STATUS_ERROR,
            Long.MIN_VALUE, "registry/x:1", Integer.MIN_VALUE, "st\u00e4ge 2"),
        new BuildEvent(Long.MAX_VALUE, "2026-11-28T18:00:00.123456Z", "b1", BuildEvent.BUILD_END, 0, 0,
            "multi\nline\r\n\t", null, null, null, "error", BuildEvent.STATUS_READY, Long.MAX_VALUE, "", 0, null),
        new BuildEvent(0, "not a time", "", BuildEvent.CACHE_MISS, 7, null, null, null, "", "", "", "", 0L, null, 5, ""),
        new BuildEvent(-5, "+10000-01-01T00:00:00Z", "b1", BuildEvent.STEP_END, 1, 1, null, null, null, null,
            "debug", BuildEvent.STATUS_CANCELLED, 12L, null, null, null));
    EventStore store = new EventStore("b1");
    events.forEach(store::add);
    assertThat(readAll(store)).containsExactlyElementsOf(events);
  }

  @Test
  void sharedStringsReadBackAsTheSameInstances() {
    EventStore store = new EventStore("b1");
    store.add(new BuildEvent(1, "2026-11-28T18:00:00.123Z", "b1", BuildEvent.LOG, 1, null, "x", null, null,
        "stdout", "info", null, null, null, null, null));
    store.add(new BuildEvent(2, "2026-11-28T18:00:00.123Z", "b1", BuildEvent.LOG, 1, null, "y", null, null,
        "stdout", "info", null, null, null, null, null));
    List<BuildEvent> read = readAll(store);
    assertThat(read.get(0).kind()).isSameAs(BuildEvent.LOG);
    assertThat(read.get(0).build()).isSameAs(read.get(1).build());
    assertThat(read.get(0).time()).isSameAs(read.get(1).time());
  }

  @Test
  void aLargeLogSpansManyChunksAndAnEventLargerThanAChunkGetsItsOwn() {
    EventStore store = new EventStore("b1");
    List<BuildEvent> events = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      String message = i == 50_000 ? "x".repeat(EventStore.CHUNK * 2) : "line " + i + " " + "y".repeat(i % 300);
      events.add(BuildEvent.of(BuildEvent.LOG).step(i / 1000).stream("stdout").level("info").message(message).build()
          .stamped(i + 1, "2026-11-28T18:00:00.123Z", "b1"));
    }
    events.forEach(store::add);
    EventStore.View view = store.view();
    assertThat(view.chunks().length).isGreaterThan(10);
    assertThat(readAll(store)).containsExactlyElementsOf(events);
  }

  @Test
  void aViewReadsWhatWasStoredBeforeItWhileTheStoreGrows() {
    EventStore store = new EventStore("b1");
    for (int i = 0; i < 10; i++) {
      store.add(BuildEvent.of(BuildEvent.LOG).message("early " + i).build().stamped(i + 1, null, "b1"));
    }
    EventStore.View early = store.view();
    for (int i = 10; i < 50_000; i++) {
      store.add(BuildEvent.of(BuildEvent.LOG).message("late " + i).build().stamped(i + 1, null, "b1"));
    }
    BuildEvent[] out = new BuildEvent[early.size()];
    early.decode(0, early.size(), out, 0);
    assertThat(out).extracting(BuildEvent::message).containsExactly(
        "early 0", "early 1", "early 2", "early 3", "early 4", "early 5", "early 6", "early 7", "early 8", "early 9");
  }

  @Test
  void olderChunksGoToAFileThatIsNeverSeenAndReadBackTheSame(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    EventStore store = new EventStore("b1", dir);
    List<BuildEvent> events = new ArrayList<>();
    for (int i = 0; i < 150_000; i++) {
      events.add(BuildEvent.of(BuildEvent.LOG).step(i / 1000).stream("stdout").level("info")
          .message("line " + i + " " + "z".repeat(i % 500)).build().stamped(i + 1, "2026-11-28T18:00:00.123Z", "b1"));
    }
    events.forEach(store::add);
    EventStore.View view = store.view();
    assertThat(Arrays.stream(view.chunks()).filter(c -> c == null).count()).as("chunks on disk").isGreaterThan(3);
    long resident = Arrays.stream(view.chunks()).filter(c -> c != null).mapToLong(c -> c.length).sum();
    assertThat(resident).isLessThanOrEqualTo(EventStore.RESIDENT + 2L * EventStore.CHUNK);
    try (var files = java.nio.file.Files.list(dir)) {
      assertThat(files).as("the spill file is deleted as soon as it is open").isEmpty();
    }
    assertThat(readAll(store).equals(events)).as("every event read back equal").isTrue();
    BuildEvent[] some = new BuildEvent[3];
    view.decode(123_457, 123_460, some, 0);
    assertThat(some).containsExactlyElementsOf(events.subList(123_457, 123_460));
  }

  private static List<BuildEvent> readAll(EventStore store) {
    EventStore.View view = store.view();
    BuildEvent[] out = new BuildEvent[view.size()];
    view.decode(0, view.size(), out, 0);
    return Arrays.asList(out);
  }
}
