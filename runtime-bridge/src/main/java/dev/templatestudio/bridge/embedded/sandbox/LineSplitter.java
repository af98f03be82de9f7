package dev.templatestudio.bridge.embedded.sandbox;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Splits output that arrives in chunks of bytes (an exec agent's frames) into UTF-8 lines, as
 * {@link SandboxProcess#lines} splits a pipe's: ended by \n, \r or \r\n, one longer than
 * {@link SandboxProcess#MAX_LINE} cut there with " …", nothing past the cut held. Line breaks
 * are single bytes in UTF-8, never inside a character, so a chunk may end anywhere. Called by
 * one thread at a time.
 */
final class LineSplitter {
  /** Bytes kept of one line: every character is at most four, so at least MAX_LINE characters. */
  private static final int MAX_BYTES = 4 * SandboxProcess.MAX_LINE;
  private final Consumer<String> line;
  private final ByteArrayOutputStream current = new ByteArrayOutputStream();
  private boolean cut;
  private boolean afterCr;
  private boolean open;

  LineSplitter(Consumer<String> line) {
    this.line = line;
  }

  void add(byte[] bytes) {
    for (byte b : bytes) {
      if (b == '\n' && afterCr) {
        afterCr = false;
        continue;
      }
      afterCr = b == '\r';
      if (b == '\n' || b == '\r') {
        emit();
      } else if (current.size() < MAX_BYTES) {
        current.write(b);
        open = true;
      } else {
        cut = true;
      }
    }
  }

  /** The last line, when it had no line break. */
  void finish() {
    if (open) {
      emit();
    }
  }

  private void emit() {
    String text = current.toString(StandardCharsets.UTF_8);
    if (text.length() > SandboxProcess.MAX_LINE) {
      text = text.substring(0, SandboxProcess.MAX_LINE);
      cut = true;
    }
    line.accept(cut ? text + " …" : text);
    current.reset();
    cut = false;
    open = false;
  }
}
