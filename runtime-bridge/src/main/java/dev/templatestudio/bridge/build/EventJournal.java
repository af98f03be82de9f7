package dev.templatestudio.bridge.build;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one on-disk journal of build events: a file of events (CONTRACT.md §5), one JSON object
 * per line, as streamed (stamped and masked). serve's record of each build
 * ({@code server.BuildJournal}) and the studio's history ({@code history.BuildLogArchive}) both
 * keep events in it. Reading is a bounded batch at a time: replaying a finished build read its
 * whole record into memory per request (four replays of a two-million-line build: 6.3 GB). A
 * line cut short by a crash ends the journal. A reader is for one thread; close it when done.
 */
public final class EventJournal implements Closeable {
  /** About how many bytes of lines one batch holds. */
  public static final int BATCH_BYTES = 1 << 20;
  private static final ObjectMapper JSON = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  private static final String SEQ_FIRST = "{\"seq\":";
  private final BufferedReader in;
  private boolean atEnd;

  /** One event as a journal line, newline included. */
  public static byte[] line(BuildEvent event) throws JsonProcessingException {
    return (JSON.writeValueAsString(event) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** Writes {@code events} as journal lines. */
  public static void write(OutputStream out, Iterable<BuildEvent> events) throws IOException {
    for (BuildEvent e : events) {
      out.write(line(e));
    }
  }

  /** Every event of the journal at {@code file} in order; empty when there is none. */
  public static List<BuildEvent> readAll(Path file) throws IOException {
    List<BuildEvent> all = new ArrayList<>();
    try (EventJournal r = new EventJournal(file)) {
      while (!r.atEnd()) {
        all.addAll(r.next(-1, Integer.MAX_VALUE));
      }
    }
    return all;
  }

  /** A reader of the journal at {@code file}, from its first line; a missing file reads as empty. */
  public EventJournal(Path file) throws IOException {
    BufferedReader r = null;
    try {
      r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      atEnd = true;
    }
    this.in = r;
  }

  /** The next events with seq above {@code after}: at most {@code max}, and about {@link #BATCH_BYTES} of text. */
  public List<BuildEvent> next(long after, int max) throws IOException {
    List<BuildEvent> out = new ArrayList<>();
    long bytes = 0;
    while (!atEnd && out.size() < max && bytes < BATCH_BYTES) {
      String line = in.readLine();
      if (line == null) {
        atEnd = true;
        break;
      }
      if (seqOf(line) <= after) {
        continue;
      }
      try {
        out.add(JSON.readValue(line, BuildEvent.class));
      } catch (JsonProcessingException e) {
        atEnd = true;
        break;
      }
      bytes += line.length();
    }
    return out;
  }

  /** True once the whole record has been read. */
  public boolean atEnd() {
    return atEnd;
  }

  /**
   * The seq a line starts with, read without parsing the rest (a resume skips what it has seen
   * cheaply); {@code Long.MAX_VALUE} when the line is not so written, so it is parsed in full.
   */
  private static long seqOf(String line) {
    if (!line.startsWith(SEQ_FIRST)) {
      return Long.MAX_VALUE;
    }
    long seq = 0;
    int i = SEQ_FIRST.length();
    while (i < line.length() && Character.isDigit(line.charAt(i)) && i < SEQ_FIRST.length() + 18) {
      seq = seq * 10 + (line.charAt(i++) - '0');
    }
    return i < line.length() && line.charAt(i) == ',' ? seq : Long.MAX_VALUE;
  }

  @Override
  public void close() throws IOException {
    if (in != null) {
      in.close();
    }
  }
}
