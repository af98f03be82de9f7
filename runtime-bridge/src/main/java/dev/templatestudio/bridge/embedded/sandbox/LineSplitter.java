package dev.templatestudio.bridge.embedded.sandbox;

import dev.templatestudio.bridge.io.OutputLines;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Output that arrives in chunks of bytes (an exec agent's frames) as {@link OutputLines}' lines,
 * the same lines {@link SandboxProcess#lines} gives a pipe's: the bytes are decoded as UTF-8
 * across chunk ends (a character split between two frames is held until its last byte), bad
 * bytes read as U+FFFD as a pipe's reader reads them. Called by one thread at a time.
 */
final class LineSplitter {
  private final OutputLines lines;
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
  /** At most three bytes of a character that the last chunk began. */
  private ByteBuffer held = ByteBuffer.allocate(0);
  private final CharBuffer chars = CharBuffer.allocate(8192);

  LineSplitter(Consumer<String> line) {
    this.lines = new OutputLines(line);
  }

  void add(byte[] bytes) {
    ByteBuffer in = ByteBuffer.allocate(held.remaining() + bytes.length).put(held).put(bytes).flip();
    decode(in, false);
    held = ByteBuffer.allocate(in.remaining()).put(in).flip();
  }

  /** The last line, when it had no line break. */
  void finish() {
    decode(held, true);
    decoder.flush(chars);
    drain();
    lines.end();
  }

  private void decode(ByteBuffer in, boolean last) {
    while (decoder.decode(in, chars, last).isOverflow()) {
      drain();
    }
    drain();
  }

  private void drain() {
    chars.flip();
    lines.accept(chars);
    chars.clear();
  }
}
