package dev.templatestudio.bridge.docker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads the CRLF-ended lines of HTTP/1.1 heads and chunk sizes. Stateless. */
final class HttpLines {
  private HttpLines() {}

  /** The next line without its line end, or null at the end of the stream. */
  static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(64);
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        break;
      }
      line.write(c);
    }
    if (c < 0 && line.size() == 0) {
      return null;
    }
    String s = line.toString(StandardCharsets.ISO_8859_1);
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }
}
