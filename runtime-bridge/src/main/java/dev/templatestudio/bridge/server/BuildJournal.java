package dev.templatestudio.bridge.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.EventJournal;
import dev.templatestudio.bridge.build.EventLog;
import dev.templatestudio.bridge.io.AtomicWrite;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What {@code serve} remembers of its builds across restarts, under {@code DIR}: per build
 * {@code <id>.jsonl}, its events (as streamed: stamped and masked) appended one line each, and
 * {@code <id>.json}, its {@link BuildStatus}, replaced atomically.
 *
 * <p>Durability: each event line is written through to the OS as it happens, so a killed server
 * loses nothing; the file is fsynced when the build ends, before the final status is written,
 * so after a power loss too a build whose status says it ended has all its events. A line cut
 * short by a crash ends the record; {@link #recover} rewrites such a record. Thread-safe.
 */
final class BuildJournal {
  static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  static final ObjectMapper JSON = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  /** Events may name what a client's build did: they are the server owner's to read, nobody else's. */
  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
  private final Path dir;

  BuildJournal(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
  }

  /** Appends the events of one running build. One thread at a time (the build's appender). */
  final class Writer implements AutoCloseable {
    private final FileChannel channel;
    private volatile boolean failed;

    private Writer(String id) throws IOException {
      channel = FileChannel.open(eventsFile(id), Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND), OWNER_ONLY);
    }

    void append(BuildEvent event) throws IOException {
      ByteBuffer line = ByteBuffer.wrap(EventJournal.line(event));
      while (line.hasRemaining()) {
        channel.write(line);
      }
    }

    /** After a failed append the record is cut short; the build goes on without it. */
    boolean failed() {
      return failed;
    }

    void fail() {
      failed = true;
    }

    /** Makes every appended line durable and closes the file. */
    @Override
    public void close() throws IOException {
      try {
        channel.force(false);
      } finally {
        channel.close();
      }
    }
  }

  Writer writer(String id) throws IOException {
    return new Writer(id);
  }

  void writeStatus(BuildStatus status) throws IOException {
    AtomicWrite.writePrivate(statusFile(status.build()), JSON.writeValueAsBytes(status));
  }

  Optional<BuildStatus> status(String id) throws IOException {
    try {
      return Optional.of(JSON.readValue(Files.readAllBytes(statusFile(id)), BuildStatus.class));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** Reads the stored events of a build in order, a batch at a time. */
  EventJournal reader(String id) throws IOException {
    return new EventJournal(eventsFile(id));
  }

  /**
   * After a restart: every build still queued or building belonged to the server that died. Its
   * record gets a {@code build-end} with status error ("server restarted"), its steps from the
   * {@code build-start} and its duration up to {@code when}, unless it already has one, after a
   * {@code step-end} (error) for a step left open, and its status follows the record's
   * {@code build-end}.
   *
   * @return how many builds were ended here
   */
  int recover(String when) throws IOException {
    int ended = 0;
    for (String id : ids()) {
      Optional<BuildStatus> status = status(id);
      if (status.isEmpty() || status.get().isEnded()) {
        continue;
      }
      Scan scan = scan(id);
      BuildEvent last = scan.last();
      if (last == null || !last.isEnd()) {
        List<BuildEvent> added = new ArrayList<>();
        long seq = scan.count();
        if (scan.openStep() != null) {
          added.add(BuildEvent.of(BuildEvent.STEP_END).step(scan.openStep().step()).status(BuildEvent.STATUS_ERROR)
              .durationMs(millisBetween(scan.openStep().time(), when)).build().stamped(++seq, when, id));
        }
        BuildEvent.Builder end = BuildEvent.of(BuildEvent.BUILD_END).status(BuildEvent.STATUS_ERROR)
            .message("server restarted: the build was still running when serve stopped").durationMs(0);
        if (scan.start() != null) {
          end.steps(scan.start().steps()).durationMs(millisBetween(scan.start().time(), when));
        }
        last = end.build().stamped(++seq, when, id);
        added.add(last);
        // The record is copied through, not loaded: a build may have been killed after millions of lines.
        AtomicWrite.writePrivate(eventsFile(id), out -> {
          try (EventJournal r = reader(id)) {
            while (!r.atEnd()) {
              for (BuildEvent e : r.next(0, EventFeed.BATCH)) {
                out.write(EventJournal.line(e));
              }
            }
          }
          for (BuildEvent e : added) {
            out.write(EventJournal.line(e));
          }
        });
        ended++;
      }
      writeStatus(BuildStatus.ended(last));
    }
    return ended;
  }

  /** What recovery needs of a record: its first build-start, the step left open, its last event and how many. */
  private record Scan(BuildEvent start, BuildEvent openStep, BuildEvent last, long count) {}

  /** Reads a record once, a batch at a time, for {@link #recover}. */
  private Scan scan(String id) throws IOException {
    BuildEvent start = null;
    BuildEvent open = null;
    BuildEvent last = null;
    long count = 0;
    try (EventJournal r = reader(id)) {
      while (!r.atEnd()) {
        for (BuildEvent e : r.next(0, EventFeed.BATCH)) {
          if (start == null && BuildEvent.BUILD_START.equals(e.kind()) && e.steps() != null) {
            start = e;
          } else if (BuildEvent.STEP_START.equals(e.kind())) {
            open = e;
          } else if (BuildEvent.STEP_END.equals(e.kind())) {
            open = null;
          }
          last = e;
          count++;
        }
      }
    }
    return new Scan(start, open, last, count);
  }

  private static long millisBetween(String from, String to) {
    try {
      return Math.max(0, java.time.Duration.between(java.time.Instant.parse(from), java.time.Instant.parse(to)).toMillis());
    } catch (RuntimeException e) {
      return 0;
    }
  }

  /** Replaces the record of a build with the events of {@code log}, atomically, a batch at a time. */
  void rewrite(String id, EventLog log) throws IOException {
    AtomicWrite.writePrivate(eventsFile(id), out -> {
      for (long at = 0; at < log.lastSeq(); at += EventFeed.BATCH) {
        for (BuildEvent e : log.after(at, EventFeed.BATCH)) {
          out.write(EventJournal.line(e));
        }
      }
    });
  }

  private List<String> ids() throws IOException {
    List<String> ids = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        ids.add(name.substring(0, name.length() - ".json".length()));
      }
    }
    return ids;
  }

  private Path eventsFile(String id) {
    return dir.resolve(checked(id) + ".jsonl");
  }

  private Path statusFile(String id) {
    return dir.resolve(checked(id) + ".json");
  }

  private static String checked(String id) {
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("not a build id: " + id);
    }
    return id;
  }
}
