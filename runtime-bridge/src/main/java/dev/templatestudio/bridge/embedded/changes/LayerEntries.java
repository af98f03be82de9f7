package dev.templatestudio.bridge.embedded.changes;

import dev.templatestudio.bridge.changes.FileChange;
import dev.templatestudio.bridge.embedded.layer.LayerWriter;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads an OCI layer tar (plain or gzipped) one entry at a time, as the paths it means: a
 * {@code .wh.NAME} entry is the removal of NAME, a {@code .wh..wh..opq} entry makes its folder
 * opaque. Nothing is kept between entries, so a layer of any size reads in constant memory.
 * An entry whose path climbs out of the root ({@code ..}) is counted and skipped. One thread.
 */
final class LayerEntries {
  /** What an entry means. */
  enum Mark { PATH, WHITEOUT, OPAQUE }

  /**
   * One entry.
   *
   * @param path relative to the image's root, slash-separated, no leading or trailing slash
   *             ("" the root); for a whiteout the removed path, for an opaque mark its folder
   * @param content the entry's bytes, readable until the next entry
   */
  record Entry(String path, Mark mark, FileChange.Type type, long size, String linkTarget, InputStream content) {}

  /** Takes each entry in turn. */
  @FunctionalInterface
  interface Visitor {
    void visit(Entry entry) throws IOException;
  }

  private LayerEntries() {}

  /** Reads every entry of the layer in {@code raw} into {@code visitor}; returns how many were unsafe. */
  static int read(InputStream raw, Visitor visitor) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
    in.mark(2);
    boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
    in.reset();
    InputStream plain = gzip ? new java.util.zip.GZIPInputStream(in, 1 << 16) : in;
    int unsafe = 0;
    TarArchiveInputStream tar = new TarArchiveInputStream(plain, StandardCharsets.UTF_8.name());
    TarArchiveEntry e;
    while ((e = tar.getNextEntry()) != null) {
      checkInterrupted();
      String path = normalize(e.getName());
      if (path == null) {
        unsafe++;
        continue;
      }
      int slash = path.lastIndexOf('/');
      String name = path.substring(slash + 1);
      String parent = slash < 0 ? "" : path.substring(0, slash);
      if (name.equals(LayerWriter.OPAQUE_MARKER)) {
        visitor.visit(new Entry(parent, Mark.OPAQUE, FileChange.Type.DIR, 0, null, tar));
      } else if (name.startsWith(LayerWriter.WHITEOUT_PREFIX + LayerWriter.WHITEOUT_PREFIX)) {
        continue; // AUFS bookkeeping (.wh..wh.plnk and friends): no path of the image
      } else if (name.startsWith(LayerWriter.WHITEOUT_PREFIX)) {
        String gone = name.substring(LayerWriter.WHITEOUT_PREFIX.length());
        if (gone.isEmpty() || gone.equals(".") || gone.equals("..")) {
          unsafe++;
          continue;
        }
        visitor.visit(new Entry(parent.isEmpty() ? gone : parent + "/" + gone, Mark.WHITEOUT,
            FileChange.Type.OTHER, 0, null, tar));
      } else if (!path.isEmpty()) {
        visitor.visit(new Entry(path, Mark.PATH, type(e), e.isFile() ? e.getSize() : 0,
            e.isSymbolicLink() || e.isLink() ? e.getLinkName() : null, tar));
      }
    }
    return unsafe;
  }

  /**
   * The entry's path relative to the root, or null when it climbs out of it. Leading {@code /}
   * and {@code ./} go, as every unpacker drops them; {@code a/../b} is refused rather than
   * read as {@code b}, as the embedded engine's own extractor refuses it.
   */
  static String normalize(String name) {
    List<String> parts = new ArrayList<>();
    for (String part : name.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        return null;
      }
      parts.add(part);
    }
    return String.join("/", parts);
  }

  private static FileChange.Type type(TarArchiveEntry e) {
    if (e.isDirectory()) {
      return FileChange.Type.DIR;
    }
    if (e.isSymbolicLink() || e.isLink()) {
      return FileChange.Type.LINK;
    }
    return e.isFile() ? FileChange.Type.FILE : FileChange.Type.OTHER;
  }

  /** A big layer takes seconds: the view that asked may have moved on. */
  private static void checkInterrupted() throws IOException {
    if (Thread.currentThread().isInterrupted()) {
      throw new java.io.InterruptedIOException("reading the layer was cancelled");
    }
  }
}
