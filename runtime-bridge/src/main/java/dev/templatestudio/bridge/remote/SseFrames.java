package dev.templatestudio.bridge.remote;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * Reads Server-Sent Events line by line (the W3C EventSource rules the server follows): a frame
 * is the {@code id:} and {@code data:} lines up to a blank line; several data lines join with
 * newlines; comment lines ({@code :}, the server's keep-alives) and other fields are skipped.
 * One thread.
 */
final class SseFrames {
  /** One event: its id (null when the frame had none) and its data. */
  record Frame(String id, String data) {}

  /** Supplies the next line without its line break, or null at the end of the stream. */
  @FunctionalInterface
  interface LineSource {
    String next() throws IOException;
  }

  private SseFrames() {}

  /** Hands each complete frame to {@code frames} until the stream ends. */
  static void read(LineSource lines, Consumer<Frame> frames) throws IOException {
    String id = null;
    StringBuilder data = null;
    String line;
    while ((line = lines.next()) != null) {
      if (line.isEmpty()) {
        if (data != null) {
          frames.accept(new Frame(id, data.toString()));
        }
        id = null;
        data = null;
        continue;
      }
      if (line.startsWith(":")) {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      value = value.startsWith(" ") ? value.substring(1) : value;
      if (field.equals("id")) {
        id = value;
      } else if (field.equals("data")) {
        data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
      }
    }
  }
}
