package dev.templatestudio.bridge.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.EventJournal;
import dev.templatestudio.bridge.io.AtomicWrite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The finished builds of each template, whatever runtime ran them, kept so a person can look
 * at an old build's log after closing the app: {@code DIR/<template>/<id>.jsonl} holds the
 * build's events (already masked by the runtime) and {@code <id>.json} its {@link Entry}.
 * The events file is written first and both atomically, so a crash leaves either a whole
 * entry or none. Only the newest {@code keep} builds of a template are kept.
 *
 * <p>Blocking I/O: call it off the UI thread. Thread-safe.
 */
public final class BuildLogArchive {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** Made on first use: the studio makes its archive while it builds its window, before any build. */
  private static final class Json {
    static final ObjectMapper MAPPER = JsonMapper.builder()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();
  }

  /**
   * One finished build.
   *
   * @param startedMillis when it started, in milliseconds since the epoch
   * @param runtime       the runtime it ran on, as people read it
   * @param end           its {@code build-end} event: status, ref, cache hits, duration
   * @param summary       its outcome in one line
   */
  public record Entry(String id, String template, long startedMillis, String runtime, BuildEvent end,
      String summary) {}

  private final Path dir;
  private final int keep;

  /** @param keep how many builds of each template to keep (at least 1) */
  public BuildLogArchive(Path dir, int keep) {
    this.dir = dir;
    this.keep = Math.max(1, keep);
  }

  /** Adds a finished build with all its events, then forgets the oldest beyond the limit. */
  public synchronized void record(Entry entry, List<BuildEvent> events) throws IOException {
    Path folder = Files.createDirectories(folder(entry.template()));
    String id = checkedId(entry.id());
    AtomicWrite.write(folder.resolve(id + ".jsonl"), out -> EventJournal.write(out, events));
    AtomicWrite.write(folder.resolve(id + ".json"), Json.MAPPER.writeValueAsBytes(entry));
    List<Entry> all = entries(entry.template());
    for (Entry old : all.subList(Math.min(keep, all.size()), all.size())) {
      Files.deleteIfExists(folder.resolve(old.id() + ".json"));
      Files.deleteIfExists(folder.resolve(old.id() + ".jsonl"));
    }
  }

  /**
   * The kept builds of {@code template}, newest first. An entry file that cannot be read (cut
   * short, or written by something else) is left out rather than hiding the others.
   */
  public synchronized List<Entry> entries(String template) throws IOException {
    Path folder = folder(template);
    List<Entry> found = new ArrayList<>();
    if (!Files.isDirectory(folder)) {
      return found;
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(folder, "*.json")) {
      for (Path p : s) {
        try {
          Entry e = Json.MAPPER.readValue(p.toFile(), Entry.class);
          if (e.id() != null && ID.matcher(e.id()).matches() && e.end() != null) {
            found.add(e);
          }
        } catch (JsonProcessingException unreadable) {
          // Not an entry this version can read: leave it out of the list, and on disk.
        }
      }
    }
    found.sort(Comparator.comparingLong(Entry::startedMillis).reversed().thenComparing(Entry::id));
    return found;
  }

  /** The events of a kept build, in seq order; empty when it is no longer kept. */
  public List<BuildEvent> events(String template, String id) throws IOException {
    return EventJournal.readAll(folder(template).resolve(checkedId(id) + ".jsonl"));
  }


  /**
   * The folder of one template. Names people type may hold any character, so the folder is
   * the name's safe characters plus a short hash of the whole name, which keeps "a/b" and
   * "a-b" apart.
   */
  private Path folder(String template) {
    String safe = template.replaceAll("[^A-Za-z0-9._-]", "-");
    if (safe.length() > 64) {
      safe = safe.substring(0, 64);
    }
    return dir.resolve(safe + "-" + shortHash(template));
  }

  private static String shortHash(String s) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 4);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }

  private static String checkedId(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("not a build id: " + id);
    }
    return id;
  }
}
