package dev.templatestudio.bridge.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A holder that starts ends the machines a dead holder of the same store left (its orphans),
 * by their records; a live holder's machines and a reused pid are left alone.
 */
class HolderRecordsTest {
  @TempDir Path store;

  private static String record(ProcessHandle p) {
    return HolderRecords.name(p.pid(), HolderRecords.start(p));
  }

  @Test
  void aNewHolderEndsTheOrphansOfADeadOneAndOnlyThose() throws Exception {
    Process orphan = new ProcessBuilder("sleep", "600").start();
    Process alive = new ProcessBuilder("sleep", "600").start();
    Process reused = new ProcessBuilder("sleep", "600").start();
    try {
      Process deadHolder = new ProcessBuilder("true").start();
      deadHolder.waitFor();
      Path dead = Files.createDirectories(store.resolve("held").resolve(deadHolder.pid() + "-1"));
      Files.writeString(dead.resolve("aaaaaaaaaaaa"), record(orphan.toHandle()));
      // A pid that runs, but started at another time than recorded: another process now.
      Files.writeString(dead.resolve("bbbbbbbbbbbb"), reused.pid() + "-1");
      Path live = Files.createDirectories(store.resolve("held").resolve(record(ProcessHandle.current().parent()
          .orElseThrow())));
      Files.writeString(live.resolve("cccccccccccc"), record(alive.toHandle()));

      HolderRecords mine = HolderRecords.open(store);
      assertThat(orphan.waitFor(10, TimeUnit.SECONDS)).as("the orphan is ended").isTrue();
      assertThat(Files.exists(dead)).isFalse();
      assertThat(reused.isAlive()).isTrue();
      assertThat(alive.isAlive()).isTrue();
      assertThat(live.resolve("cccccccccccc")).exists();

      mine.add("dddddddddddd", alive.pid());
      Path own = store.resolve("held").resolve(record(ProcessHandle.current()));
      assertThat(Files.readString(own.resolve("dddddddddddd"))).isEqualTo(record(alive.toHandle()));
      mine.remove("dddddddddddd");
      assertThat(own.resolve("dddddddddddd")).doesNotExist();
    } finally {
      orphan.destroyForcibly();
      alive.destroyForcibly();
      reused.destroyForcibly();
    }
  }

  @Test
  void aStrayFileAmongTheRecordsDoesNotStopAHolder() throws Exception {
    Files.createDirectories(store.resolve("held"));
    Files.writeString(store.resolve("held/1-1"), "not a folder");
    HolderRecords.open(store);
    assertThat(store.resolve("held")).isDirectory();
  }

  @Test
  void aStartTimeIsTheKernelsTicksNotTheClock() {
    String start = HolderRecords.start(ProcessHandle.current());
    assertThat(start).matches("\\d+").isNotEqualTo("0");
    assertThat(HolderRecords.start(ProcessHandle.current())).isEqualTo(start);
  }
}
