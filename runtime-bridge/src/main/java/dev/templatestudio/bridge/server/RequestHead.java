package dev.templatestudio.bridge.server;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The head of one HTTP/1.1 request as the {@link ConnectionGuard} sees it: where it ends in the
 * bytes received, how long the body after it is, and the head rewritten to ask the server behind
 * the guard to close the connection after its answer, so that every request arrives on a
 * connection of its own and the guard times each head. Stateless.
 */
final class RequestHead {
  /** The largest head accepted (the JDK's own limit is larger; no client of serve comes near this). */
  static final int MAX_BYTES = 64 << 10;
  private static final byte[] END = {'\r', '\n', '\r', '\n'};

  /** The rewritten head, and the body's length: -1 when it is chunked (its end is then unknown). */
  record Parsed(byte[] head, long bodyLength) {}

  private RequestHead() {}

  /** Where the head ends (just past its blank line) in {@code bytes[0, length)}, or -1 while incomplete. */
  static int end(byte[] bytes, int length, int searchedUpTo) {
    for (int i = Math.max(0, searchedUpTo - END.length + 1); i + END.length <= length; i++) {
      if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
        return i + END.length;
      }
    }
    return -1;
  }

  /**
   * The head in {@code bytes[0, end)} with its {@code Connection}, {@code Keep-Alive} and
   * {@code Proxy-Connection} lines replaced by {@code Connection: close}; null when it is not a
   * head the server could read (its own answer to such a head would be a 400 anyway).
   */
  static Parsed parse(byte[] bytes, int end) {
    String text = new String(bytes, 0, end - END.length, StandardCharsets.ISO_8859_1);
    String[] lines = text.split("\r\n", -1);
    if (lines.length == 0 || lines[0].isEmpty()) {
      return null;
    }
    StringBuilder out = new StringBuilder(end + 32).append(lines[0]).append("\r\n");
    long length = 0;
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      int colon = line.indexOf(':');
      if (colon <= 0) {
        return null;
      }
      String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).strip();
      if (name.equals("connection") || name.equals("keep-alive") || name.equals("proxy-connection")) {
        continue;
      }
      if (name.equals("content-length")) {
        try {
          length = Long.parseLong(value);
        } catch (NumberFormatException e) {
          return null;
        }
      } else if (name.equals("transfer-encoding")) {
        length = -1;
      }
      out.append(line).append("\r\n");
    }
    out.append("Connection: close\r\n\r\n");
    return new Parsed(out.toString().getBytes(StandardCharsets.ISO_8859_1), length);
  }

  /** A whole answer the guard gives itself: {@code status} with {@code {"error": sentence}}, closing. */
  static byte[] answer(int status, String reason, String sentence) {
    String body = "{\"error\":\"" + sentence.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    String head = "HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: application/json\r\nContent-Length: "
        + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n";
    return (head + body).getBytes(StandardCharsets.UTF_8);
  }
}
