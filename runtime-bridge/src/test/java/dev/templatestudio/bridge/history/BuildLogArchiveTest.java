package dev.templatestudio.bridge.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.EventJournal;
import dev.templatestudio.bridge.history.BuildLogArchive.Entry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildLogArchiveTest {
  @TempDir
  Path dir;

  private static Entry entry(String id, String template, long started) {
    BuildEvent end = BuildEvent.of(BuildEvent.BUILD_END).status(BuildEvent.STATUS_READY)
        .ref(template + "@sha256:" + id).cacheHits(2).steps(3).durationMs(1200).build().stamped(9, "t", id);
    return new Entry(id, template, started, "embedded", end, "Build ready in 1.2s");
  }

  private static List<BuildEvent> events(String id, int lines) {
    List<BuildEvent> out = new ArrayList<>();
    for (int i = 1; i <= lines; i++) {
      out.add(BuildEvent.of(BuildEvent.LOG).step(1).stream("stdout").message("line " + i + " \u00e9\u001b[32mok")
          .build().stamped(i, "2026-11-28T18:00:00Z", id));
    }
    return out;
  }

  @Test
  void aRecordedBuildReadsBackInANewInstanceWithAllItsEvents() throws Exception {
    new BuildLogArchive(dir, 20).record(entry("b1", "fastapi-agent", 1000), events("b1", 3));

    BuildLogArchive reopened = new BuildLogArchive(dir, 20);
    assertThat(reopened.entries("fastapi-agent")).containsExactly(entry("b1", "fastapi-agent", 1000));
    assertThat(reopened.events("fastapi-agent", "b1")).isEqualTo(events("b1", 3));
    assertThat(reopened.entries("other")).isEmpty();
  }

  @Test
  void entriesAreNewestFirstAndOnlyTheNewestAreKept() throws Exception {
    BuildLogArchive h = new BuildLogArchive(dir, 2);
    h.record(entry("b1", "t", 1000), events("b1", 1));
    h.record(entry("b3", "t", 3000), events("b3", 1));
    h.record(entry("b2", "t", 2000), events("b2", 1));

    assertThat(h.entries("t")).extracting(Entry::id).containsExactly("b3", "b2");
    assertThat(h.events("t", "b1")).isEmpty();
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("b3.json", "b3.jsonl", "b2.json", "b2.jsonl");
    }
  }

  @Test
  void templatesWhoseNamesDifferOnlyInUnsafeCharactersStayApart() throws Exception {
    BuildLogArchive h = new BuildLogArchive(dir, 5);
    h.record(entry("b1", "a/b", 1000), events("b1", 1));
    h.record(entry("b2", "a-b", 2000), events("b2", 1));
    h.record(entry("b3", "../../etc", 3000), events("b3", 1));

    assertThat(h.entries("a/b")).extracting(Entry::id).containsExactly("b1");
    assertThat(h.entries("a-b")).extracting(Entry::id).containsExactly("b2");
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.filter(Files::isRegularFile)).allMatch(p -> p.startsWith(dir) && p.getParent().getParent().equals(dir));
    }
  }

  @Test
  void anUnreadableEntryFileIsLeftOutAndTheOthersStillShow() throws Exception {
    BuildLogArchive h = new BuildLogArchive(dir, 5);
    h.record(entry("b1", "t", 1000), events("b1", 1));
    Path folder = Files.list(dir).findFirst().orElseThrow();
    Files.writeString(folder.resolve("b0.json"), "{\"id\":\"b0\",\"templ");

    assertThat(h.entries("t")).extracting(Entry::id).containsExactly("b1");
  }

  @Test
  void aBuildIdThatCouldEscapeTheFolderIsRefused() {
    BuildLogArchive h = new BuildLogArchive(dir, 5);
    assertThatThrownBy(() -> h.record(entry("../x", "t", 1), List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> h.events("t", "../../x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aJournalCutShortByACrashReadsUpToTheCutAsServesDoes() throws Exception {
    BuildLogArchive h = new BuildLogArchive(dir, 5);
    h.record(entry("b1", "t", 1000), events("b1", 3));
    Path folder = Files.list(dir).findFirst().orElseThrow();
    Path journal = folder.resolve("b1.jsonl");
    String whole = Files.readString(journal);
    Files.writeString(journal, whole.substring(0, whole.length() - 20));

    assertThat(h.events("t", "b1")).isEqualTo(events("b1", 2));
    assertThat(EventJournal.readAll(journal)).isEqualTo(events("b1", 2));
  }
}
