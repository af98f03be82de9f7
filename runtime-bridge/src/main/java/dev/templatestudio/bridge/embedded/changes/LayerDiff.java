package dev.templatestudio.bridge.embedded.changes;

import dev.templatestudio.bridge.changes.FileChange;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * The difference between two layers of the same step in two builds: each layer's paths with
 * their type, size and a checksum of their bytes, then paths only in B added, only in A
 * removed, in both with other bytes changed. Each side keeps at most {@code limit} paths; the
 * rest are counted as not compared. One thread.
 */
final class LayerDiff {
  /** What a layer holds at a path. */
  record Sig(FileChange.Type type, long size, long crc, String link, LayerEntries.Mark mark) {}

  /** The paths of one layer, and how many it held beyond the limit. */
  static final class Side {
    final Map<String, Sig> paths = new HashMap<>();
    int beyond;
    int unsafe;
  }

  private LayerDiff() {}

  /** Reads a layer's paths ({@code tar} null: a step without a layer has none). */
  static Side read(InputStream tar, int limit) throws IOException {
    Side side = new Side();
    if (tar == null) {
      return side;
    }
    byte[] buf = new byte[1 << 16];
    side.unsafe = LayerEntries.read(tar, e -> {
      if (side.paths.size() >= limit) {
        side.beyond++;
        return;
      }
      CRC32 crc = new CRC32();
      if (e.type() == FileChange.Type.FILE && e.mark() == LayerEntries.Mark.PATH) {
        int n;
        while ((n = e.content().read(buf)) > 0) {
          crc.update(buf, 0, n);
        }
      }
      side.paths.put(key(e), new Sig(e.type(), e.size(), crc.getValue(), e.linkTarget(), e.mark()));
    });
    return side;
  }

  /** Adds what turns layer A into layer B to {@code out}. */
  static void compare(Side a, Side b, KeptChanges out) {
    for (Map.Entry<String, Sig> e : b.paths.entrySet()) {
      Sig was = a.paths.get(e.getKey());
      Sig now = e.getValue();
      if (was == null) {
        out.add(change(e.getKey(), FileChange.Kind.ADDED, now, now.size(), 0));
      } else if (!same(was, now)) {
        out.add(change(e.getKey(), FileChange.Kind.CHANGED, now, now.size(), was.size()));
      }
    }
    for (Map.Entry<String, Sig> e : a.paths.entrySet()) {
      if (!b.paths.containsKey(e.getKey())) {
        out.add(change(e.getKey(), FileChange.Kind.REMOVED, e.getValue(), e.getValue().size(), 0));
      }
    }
  }

  /** Folders compare by being there: their size in a tar is always 0, their mode is no file change. */
  private static boolean same(Sig a, Sig b) {
    return a.type() == b.type() && (a.type() == FileChange.Type.DIR
        || a.size() == b.size() && a.crc() == b.crc() && Objects.equals(a.link(), b.link()));
  }

  /** A whiteout or opaque mark is a path of its own, so that B removing what A kept shows. */
  private static String key(LayerEntries.Entry e) {
    switch (e.mark()) {
      case WHITEOUT:
        return e.path() + " (removed)";
      case OPAQUE:
        return e.path() + " (emptied)";
      default:
        return e.path();
    }
  }

  private static FileChange change(String key, FileChange.Kind kind, Sig sig, long size, long before) {
    return new FileChange("/" + key, kind, sig.type(), size, before);
  }
}
