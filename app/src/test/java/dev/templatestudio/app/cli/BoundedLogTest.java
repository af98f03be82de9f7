package dev.templatestudio.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local daemon's log: moved to FILE.1 past its size, one old file kept, the newest lines always there. */
class BoundedLogTest {
  @TempDir Path tmp;

  @Test
  void pastItsSizeTheLogMovesToDotOneAndStartsAnew() throws Exception {
    Path log = tmp.resolve("local.log");
    Files.writeString(log, "from an earlier daemon\n");
    try (PrintStream out = new PrintStream(new BoundedLog(log, 1000), true, StandardCharsets.UTF_8)) {
      for (int i = 0; i < 1000; i++) {
        // In pieces, as a writer may hand a line over: the log is still cut between lines.
        out.print("line %04d".formatted(i));
        out.print(" of what serve says\n");
      }
    }
    // At most the size and the one line that passed it, never cut.
    int line = "line 0000 of what serve says\n".length();
    assertThat(Files.size(log)).isLessThanOrEqualTo(1000 + line);
    assertThat(Files.size(tmp.resolve("local.log.1"))).isLessThanOrEqualTo(1000 + line);
    try (var files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("local.log", "local.log.1");
    }
    List<String> newest = Files.readAllLines(log);
    assertThat(newest.get(newest.size() - 1)).isEqualTo("line 0999 of what serve says");
    List<String> older = Files.readAllLines(tmp.resolve("local.log.1"));
    assertThat(older.get(older.size() - 1)).as("the old file ends where the new one starts")
        .isEqualTo("line %04d of what serve says".formatted(999 - newest.size()));
  }

  @Test
  void aLogUnderItsSizeIsAppendedTo() throws Exception {
    Path log = tmp.resolve("local.log");
    Files.writeString(log, "earlier\n");
    try (PrintStream out = new PrintStream(new BoundedLog(log, 1000), true, StandardCharsets.UTF_8)) {
      out.println("now");
    }
    assertThat(Files.readAllLines(log)).containsExactly("earlier", "now");
    assertThat(tmp.resolve("local.log.1")).doesNotExist();
  }
}
