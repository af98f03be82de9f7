package dev.templatestudio.bridge.build;

import java.nio.file.Path;
import java.util.List;

/**
 * A long build's log in its own JVM (started with a small heap by {@link EventLogMemoryTest}):
 * {@code EventLogMain N SPILL_DIR} appends N output lines, reads them all back in batches and
 * prints "read N".
 */
public final class EventLogMain {
  private EventLogMain() {}

  public static void main(String[] args) {
    int n = Integer.parseInt(args[0]);
    EventLog log = new EventLog("long", SecretMasker.none(), Path.of(args[1]));
    for (int i = 1; i <= n; i++) {
      log.append(BuildEvent.of(BuildEvent.LOG).step(1).stream("stdout").level("info")
          .message("output line " + i + " of a build that prints a great deal").build());
    }
    long read = 0;
    for (long after = 0; after < log.lastSeq(); ) {
      List<BuildEvent> batch = log.after(after, 4096);
      for (BuildEvent e : batch) {
        if (e.seq() != after + 1 || !e.message().equals("output line " + e.seq() + " of a build that prints a great deal")) {
          throw new IllegalStateException("event " + (after + 1) + " read back as " + e);
        }
        after = e.seq();
        read++;
      }
    }
    System.out.println("read " + read);
  }
}
