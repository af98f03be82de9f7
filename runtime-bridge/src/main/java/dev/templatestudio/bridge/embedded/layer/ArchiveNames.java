package dev.templatestudio.bridge.embedded.layer;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The rules every reader of layer tars shares: how an entry name is normalised and how a
 * layer's compression is told apart (gzip or plain; zstd refused). Stateless.
 */
public final class ArchiveNames {
  private ArchiveNames() {}

  /**
   * The canonical relative form of an archive name ({@code ./a//b/} → {@code a/b}; {@code /a}
   * → {@code a}), or null when {@code ..} climbs above the root.
   */
  public static String normalize(String name) {
    Deque<String> parts = new ArrayDeque<>();
    for (String part : name.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (parts.isEmpty()) {
          return null;
        }
        parts.removeLast();
      } else {
        parts.addLast(part);
      }
    }
    return String.join("/", parts);
  }

  /**
   * True when the stream (which must support mark) starts with the gzip magic; its position is
   * left unchanged.
   *
   * @throws LayerRefusedException for a zstd stream, which this engine does not read
   */
  public static boolean isGzip(InputStream markable) throws IOException {
    markable.mark(2);
    int b1 = markable.read();
    int b2 = markable.read();
    markable.reset();
    if (b1 == 0x28 && b2 == 0xb5) {
      throw new LayerRefusedException(
          "zstd-compressed layers are not supported; use a gzip or plain tar layer");
    }
    return b1 == 0x1f && b2 == 0x8b;
  }

  /** {@link #isGzip(InputStream)} of a file's first bytes. */
  public static boolean isGzip(Path file) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 16)) {
      return isGzip(in);
    }
  }
}
