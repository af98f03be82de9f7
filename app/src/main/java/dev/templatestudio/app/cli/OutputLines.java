package dev.templatestudio.app.cli;

import java.io.PrintWriter;
import java.util.function.BiConsumer;

/**
 * Where a machine's output lines go on the terminal: {@code stderr} lines to stderr, the rest
 * to stdout, each printed whole and flushed (reader threads of both streams call it at once).
 */
final class OutputLines {
  private OutputLines() {}

  static BiConsumer<String, String> to(PrintWriter out, PrintWriter err) {
    return (stream, line) -> {
      PrintWriter w = "stderr".equals(stream) ? err : out;
      synchronized (w) {
        w.println(line);
        w.flush();
      }
    };
  }
}
