package dev.templatestudio.bridge.embedded.layer;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Turns a directory (an overlayfs upper dir or a whole rootfs) into an uncompressed OCI layer
 * tar. Overlay deletions (0/0 character devices) become {@code .wh.NAME} entries and opaque
 * directories a {@code .wh..wh..opq} entry; entries are sorted by path, mtimes clamped, owner
 * names left empty, so the same tree always gives the same bytes (and the same digest).
 * Blocking; call from a worker thread. The tree must not change while it is written.
 */
public final class LayerWriter {
  /** The name OCI gives to the opaque-directory marker. */
  public static final String OPAQUE_MARKER = ".wh..wh..opq";
  /** The prefix OCI gives to a whiteout (a deleted path). */
  public static final String WHITEOUT_PREFIX = ".wh.";
  private static final int BUFFER = 1 << 20;
  private static final String ATTRIBUTES = "unix:mode,uid,gid,nlink,dev,ino,rdev,size,lastModifiedTime";

  private final Path root;
  private final long clampSeconds;
  private final Map<FileKey, String> hardlinks = new HashMap<>();
  private final byte[] buffer = new byte[BUFFER];
  private final UstarHeader plain = new UstarHeader();
  private TarArchiveOutputStream tar;
  /**
   * Below {@link #tar}: an entry that needs no PAX record is written here directly, header and
   * content, which gives the same bytes without the stream's per-entry objects and 512-byte
   * writes. Between entries the tar stream holds nothing back, so the two take turns.
   */
  private OutputStream raw;

  private LayerWriter(Path root, Instant clampMtime) {
    this.root = root;
    this.clampSeconds = clampMtime.getEpochSecond();
  }

  /**
   * Writes the layer tar of {@code dir} to {@code out} (not closed; flushed at the end).
   *
   * @param clampMtime every mtime later than this is written as this (SOURCE_DATE_EPOCH style)
   */
  public static void write(Path dir, OutputStream out, Instant clampMtime) throws IOException {
    write(dir, out, clampMtime, true);
  }

  /**
   * As {@link #write}, all on this thread: for a caller that already has a thread of its own
   * for the writer ({@link LayerTarStream}), where a second one would only add a hand-over.
   */
  static void writeOnThisThread(Path dir, OutputStream out, Instant clampMtime) throws IOException {
    write(dir, out, clampMtime, false);
  }

  private static void write(Path dir, OutputStream out, Instant clampMtime, boolean pipelined) throws IOException {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("not a directory: " + dir);
    }
    new LayerWriter(dir.toAbsolutePath().normalize(), clampMtime).writeTree(out, pipelined);
  }

  private void writeTree(OutputStream out, boolean pipelined) throws IOException {
    PipelinedOutputStream pipe = pipelined ? new PipelinedOutputStream(out) : null;
    try {
      raw = pipe == null ? out : pipe;
      tar = new TarArchiveOutputStream(raw, TarConstants.DEFAULT_RCDSIZE, "UTF-8");
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      tar.setAddPaxHeadersForNonAsciiNames(true);
      writeChildren(root, "");
      tar.finish();
      if (pipe == null) {
        out.flush();
      } else {
        pipe.finish();
      }
    } finally {
      if (pipe != null) {
        pipe.abort();
      }
    }
  }

  private void writeChildren(Path dir, String prefix) throws IOException {
    for (String name : sortedNames(dir)) {
      checkCancelled();
      Path path = dir.resolve(name);
      String relative = prefix + name;
      // One lstat per entry: the type comes from the mode bits, not from more Files.isX calls.
      Map<String, Object> attrs = Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
      int mode = (Integer) attrs.get("mode");
      if (FileModes.isDirectory(mode)) {
        writeEntry(relative + "/", TarConstants.LF_DIR, attrs, null, 0);
        if (OpaqueDirs.isOpaque(path)) {
          writeMarker(relative + "/" + OPAQUE_MARKER, (FileTime) attrs.get("lastModifiedTime"));
        }
        writeChildren(path, relative + "/");
      } else if (FileModes.isSymlink(mode)) {
        writeEntry(relative, TarConstants.LF_SYMLINK, attrs,
            Files.readSymbolicLink(path).toString(), 0);
      } else if (FileModes.isCharDevice(mode) && ((Long) attrs.get("rdev")) == 0L) {
        writeMarker(prefix + WHITEOUT_PREFIX + name, (FileTime) attrs.get("lastModifiedTime"));
      } else if (FileModes.isRegular(mode)) {
        writeRegular(path, relative, attrs);
      } else if (FileModes.isFifo(mode)) {
        writeEntry(relative, TarConstants.LF_FIFO, attrs, null, 0);
      } else if (FileModes.isCharDevice(mode)) {
        writeEntry(relative, TarConstants.LF_CHR, attrs, null, (Long) attrs.get("rdev"));
      } else if (FileModes.isBlockDevice(mode)) {
        writeEntry(relative, TarConstants.LF_BLK, attrs, null, (Long) attrs.get("rdev"));
      }
      // Sockets are left out, as tar and Docker do: they cannot be recreated from an archive.
    }
  }

  private void writeRegular(Path path, String relative, Map<String, Object> attrs)
      throws IOException {
    int nlink = (Integer) attrs.get("nlink");
    if (nlink > 1) {
      FileKey key = new FileKey((Long) attrs.get("dev"), (Long) attrs.get("ino"));
      String first = hardlinks.putIfAbsent(key, relative);
      if (first != null) {
        writeEntry(relative, TarConstants.LF_LINK, attrs, first, 0);
        return;
      }
    }
    long size = (Long) attrs.get("size");
    boolean direct = plainHeader(relative, TarConstants.LF_NORMAL, attrs, size, null);
    if (!direct) {
      TarArchiveEntry entry = entry(relative, TarConstants.LF_NORMAL, attrs);
      entry.setSize(size);
      tar.putArchiveEntry(entry);
    }
    OutputStream content = direct ? raw : tar;
    long copied = 0;
    try (InputStream in = Files.newInputStream(path, StandardOpenOption.READ,
        LinkOption.NOFOLLOW_LINKS)) {
      int n;
      while (copied < size && (n = in.read(buffer, 0, (int) Math.min(buffer.length, size - copied))) > 0) {
        content.write(buffer, 0, n);
        copied += n;
        checkCancelled();
      }
    }
    if (copied != size) {
      throw new IOException("file changed while it was being archived: " + path);
    }
    if (direct) {
      // Content is padded with zeros to whole 512-byte records, as the tar stream pads it.
      int padding = (int) ((UstarHeader.SIZE - size % UstarHeader.SIZE) % UstarHeader.SIZE);
      Arrays.fill(buffer, 0, padding, (byte) 0);
      raw.write(buffer, 0, padding);
    } else {
      tar.closeArchiveEntry();
    }
  }

  /** Writes the entry's header straight to {@link #raw} when it needs no PAX record; false when not written. */
  private boolean plainHeader(String name, byte type, Map<String, Object> attrs, long size, String link)
      throws IOException {
    if (!plain.fill(name, type, (Integer) attrs.get("mode") & FileModes.PERMISSIONS,
        ((Integer) attrs.get("uid")).longValue(), ((Integer) attrs.get("gid")).longValue(), size,
        clampSeconds((FileTime) attrs.get("lastModifiedTime")), link)) {
      return false;
    }
    raw.write(plain.bytes(), 0, UstarHeader.SIZE);
    return true;
  }

  private void writeEntry(String name, byte type, Map<String, Object> attrs, String link, long rdev)
      throws IOException {
    if (type != TarConstants.LF_CHR && type != TarConstants.LF_BLK && plainHeader(name, type, attrs, 0, link)) {
      return;
    }
    TarArchiveEntry entry = entry(name, type, attrs);
    if (link != null) {
      entry.setLinkName(link);
    }
    if (type == TarConstants.LF_CHR || type == TarConstants.LF_BLK) {
      // Linux dev_t encoding (glibc's gnu_dev_major/minor).
      entry.setDevMajor((int) (((rdev >>> 32) & 0xfffff000L) | ((rdev >>> 8) & 0xfffL)));
      entry.setDevMinor((int) (((rdev >>> 12) & 0xffffff00L) | (rdev & 0xffL)));
    }
    tar.putArchiveEntry(entry);
    tar.closeArchiveEntry();
  }

  private TarArchiveEntry entry(String name, byte type, Map<String, Object> attrs) {
    TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
    entry.setMode((Integer) attrs.get("mode") & FileModes.PERMISSIONS);
    entry.setUserId(((Integer) attrs.get("uid")).longValue());
    entry.setGroupId(((Integer) attrs.get("gid")).longValue());
    entry.setUserName("");
    entry.setGroupName("");
    entry.setModTime(clamp((FileTime) attrs.get("lastModifiedTime")));
    return entry;
  }

  /** A whiteout or opaque marker: an empty regular file, root-owned, mode 0644. */
  private void writeMarker(String name, FileTime mtime) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
    entry.setMode(0644);
    entry.setUserName("");
    entry.setGroupName("");
    entry.setModTime(clamp(mtime));
    tar.putArchiveEntry(entry);
    tar.closeArchiveEntry();
  }

  /** Whole seconds (no PAX mtime record), never later than the clamp. */
  private FileTime clamp(FileTime mtime) {
    return FileTime.from(Instant.ofEpochSecond(clampSeconds(mtime)));
  }

  private long clampSeconds(FileTime mtime) {
    return Math.max(Math.min(mtime.toInstant().getEpochSecond(), clampSeconds), 0);
  }

  /** A cancelled build interrupts its thread; a big capture stops within a buffer's time. */
  static void checkCancelled() throws InterruptedIOException {
    if (Thread.currentThread().isInterrupted()) {
      throw new InterruptedIOException("cancelled");
    }
  }

  private static List<String> sortedNames(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path child : stream) {
        names.add(child.getFileName().toString());
      }
    }
    Collections.sort(names);
    return names;
  }

  private record FileKey(long dev, long ino) {}
}
