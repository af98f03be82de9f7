package dev.templatestudio.bridge.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.templatestudio.bridge.build.BuildEvent;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a build's record of events ({@code ID.jsonl}, see {@link BuildJournal}) from disk in
 * order, a bounded batch at a time: replaying a finished build read its whole record into
 * memory per request (four replays of a two-million-line build: 6.3 GB). A line cut short by a
 * crash ends the record. One thread; close when done.
 */
final class JournalReader implements Closeable {
  /** About how many bytes of lines one batch holds. */
  static final int BATCH_BYTES = 1 << 20;
  private static final String SEQ_FIRST = "{\"seq\":";
  private final BufferedReader in;
  private boolean atEnd;

  JournalReader(Path file) throws IOException {
    BufferedReader r = null;
    try {
      r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      atEnd = true;
    }
    this.in = r;
  }

  /** The next events with seq above {@code after}: at most {@code max}, and about {@link #BATCH_BYTES} of text. */
  List<BuildEvent> next(long after, int max) throws IOException {
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
        out.add(BuildJournal.JSON.readValue(line, BuildEvent.class));
      } catch (JsonProcessingException e) {
        atEnd = true;
        break;
      }
      bytes += line.length();
    }
    return out;
  }

  /** True once the whole record has been read. */
  boolean atEnd() {
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
