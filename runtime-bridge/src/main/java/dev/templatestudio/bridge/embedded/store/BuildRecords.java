package dev.templatestudio.bridge.embedded.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.io.StoreJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The record of every build: {@code ROOT/builds/<id>.jsonl}, its events (already masked), one
 * JSON object per line, appended as they happen. The studio's history and the server read
 * them back. A crash can cut only the last line short; readers skip such a line.
 * Thread-safe; one writer per build.
 */
public final class BuildRecords {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private final Path dir;

  BuildRecords(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
  }

  /** Appends events of one build to its record. Not thread-safe; close when the build ends. */
  public final class Writer implements AutoCloseable {
    private final OutputStream out;

    private Writer(Path file) throws IOException {
      out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Appends one event as a line; the line reaches the file before this returns. */
    public void append(BuildEvent event) throws IOException {
      byte[] line = (StoreJson.mapper().writeValueAsString(event) + "\n").getBytes(StandardCharsets.UTF_8);
      out.write(line);
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }

  public Writer writer(String buildId) throws IOException {
    return new Writer(file(buildId));
  }

  /** The stored events of a build, in seq order; empty when there is no such build. */
  public List<BuildEvent> read(String buildId) throws IOException {
    List<BuildEvent> events = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file(buildId), StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        try {
          events.add(StoreJson.mapper().readValue(line, BuildEvent.class));
        } catch (JsonProcessingException e) {
          break; // a line cut short by a crash: the record ends here
        }
      }
    } catch (NoSuchFileException e) {
      return List.of();
    }
    return events;
  }

  /** The ids of every recorded build, oldest first. */
  public List<String> ids() throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.jsonl")) {
      s.forEach(files::add);
    }
    files.sort((a, b) -> {
      try {
        return Files.getLastModifiedTime(a).compareTo(Files.getLastModifiedTime(b));
      } catch (IOException e) {
        return a.compareTo(b);
      }
    });
    List<String> ids = new ArrayList<>();
    for (Path f : files) {
      String n = f.getFileName().toString();
      ids.add(n.substring(0, n.length() - ".jsonl".length()));
    }
    return ids;
  }

  private Path file(String buildId) {
    if (!ID.matcher(buildId).matches()) {
      throw new IllegalArgumentException("not a build id: " + buildId);
    }
    return dir.resolve(buildId + ".jsonl");
  }
}
