package dev.templatestudio.bridge.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.io.AtomicWrite;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
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
      ByteBuffer line = ByteBuffer.wrap(line(event));
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
  JournalReader reader(String id) throws IOException {
    return new JournalReader(eventsFile(id));
  }

  /** The stored events of a build in seq order, up to a line cut short by a crash. */
  List<BuildEvent> events(String id) throws IOException {
    List<BuildEvent> events = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(eventsFile(id), StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        try {
          events.add(JSON.readValue(line, BuildEvent.class));
        } catch (JsonProcessingException e) {
          break;
        }
      }
    } catch (NoSuchFileException e) {
      return List.of();
    }
    return events;
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
      List<BuildEvent> events = new ArrayList<>(events(id));
      BuildEvent last = events.isEmpty() ? null : events.get(events.size() - 1);
      if (last == null || !last.isEnd()) {
        openStep(events).ifPresent(start -> events.add(BuildEvent.of(BuildEvent.STEP_END).step(start.step())
            .status(BuildEvent.STATUS_ERROR).durationMs(millisBetween(start.time(), when))
            .build().stamped(events.size() + 1L, when, id)));
        BuildEvent.Builder end = BuildEvent.of(BuildEvent.BUILD_END).status(BuildEvent.STATUS_ERROR)
            .message("server restarted: the build was still running when serve stopped").durationMs(0);
        events.stream().filter(e -> BuildEvent.BUILD_START.equals(e.kind()) && e.steps() != null).findFirst()
            .ifPresent(start -> end.steps(start.steps()).durationMs(millisBetween(start.time(), when)));
        last = end.build().stamped(events.size() + 1L, when, id);
        events.add(last);
        rewrite(id, events);
        ended++;
      }
      writeStatus(BuildStatus.ended(last));
    }
    return ended;
  }

  /** The step that started and did not end, as a build that ends in error closes it. */
  private static Optional<BuildEvent> openStep(List<BuildEvent> events) {
    for (int i = events.size() - 1; i >= 0; i--) {
      String kind = events.get(i).kind();
      if (BuildEvent.STEP_END.equals(kind)) {
        return Optional.empty();
      }
      if (BuildEvent.STEP_START.equals(kind)) {
        return Optional.of(events.get(i));
      }
    }
    return Optional.empty();
  }

  private static long millisBetween(String from, String to) {
    try {
      return Math.max(0, java.time.Duration.between(java.time.Instant.parse(from), java.time.Instant.parse(to)).toMillis());
    } catch (RuntimeException e) {
      return 0;
    }
  }

  /** Replaces the record of a build with {@code events}, atomically. */
  void rewrite(String id, List<BuildEvent> events) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (BuildEvent e : events) {
      all.write(line(e));
    }
    AtomicWrite.writePrivate(eventsFile(id), all.toByteArray());
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

  private static byte[] line(BuildEvent event) throws JsonProcessingException {
    return (JSON.writeValueAsString(event) + "\n").getBytes(StandardCharsets.UTF_8);
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
