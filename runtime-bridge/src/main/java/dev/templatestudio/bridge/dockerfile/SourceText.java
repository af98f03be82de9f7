package dev.templatestudio.bridge.dockerfile;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The text of a Dockerfile's bytes, by the one decoding rule of docs/DOCKERFILE.md: UTF-8, a
 * byte-order mark honoured (UTF-8's is dropped; UTF-16's picks UTF-16); bytes that are not
 * UTF-8 make the whole file read as Latin-1 (ISO-8859-1, one character per byte), and
 * {@code latin1} says where the first such byte was, for a warning. Stateless.
 *
 * @param text   the decoded text, without a byte-order mark
 * @param latin1 where the first byte that is not UTF-8 stands when the file was read as Latin-1;
 *               null when it was read as UTF-8 or UTF-16
 * @param bad    that byte, 0..255; -1 when none
 */
record SourceText(String text, ImportResult.Place latin1, int bad) {
  private static final byte[] UTF8_BOM = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};

  static SourceText decode(byte[] bytes) {
    if (bytes.length >= 2 && ((bytes[0] == (byte) 0xfe && bytes[1] == (byte) 0xff)
        || (bytes[0] == (byte) 0xff && bytes[1] == (byte) 0xfe))) {
      try {
        // The UTF-16 decoder reads the mark for the byte order and drops it.
        return new SourceText(strict(StandardCharsets.UTF_16).decode(ByteBuffer.wrap(bytes)).toString(), null, -1);
      } catch (CharacterCodingException e) {
        // Not UTF-16 after all: read as bytes below.
      }
    }
    int start = startsWith(bytes, UTF8_BOM) ? UTF8_BOM.length : 0;
    ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = strict(StandardCharsets.UTF_8).decode(in, out, true);
    if (!result.isError()) {
      return new SourceText(out.flip().toString(), null, -1);
    }
    int at = in.position();
    int line = 1;
    int lineStart = start;
    for (int i = start; i < at; i++) {
      if (bytes[i] == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    String text = new String(bytes, start, bytes.length - start, StandardCharsets.ISO_8859_1);
    return new SourceText(text, new ImportResult.Place(line, at - lineStart + 1), bytes[at] & 0xff);
  }

  /** The warning a file read as Latin-1 gets, at its first byte that is not UTF-8. */
  String latin1Warning() {
    return String.format("not UTF-8 text (byte 0x%02x here): the file was read as Latin-1 (ISO-8859-1),"
        + " one character per byte; save it as UTF-8 if other characters were meant", bad);
  }

  private static CharsetDecoder strict(Charset charset) {
    return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
