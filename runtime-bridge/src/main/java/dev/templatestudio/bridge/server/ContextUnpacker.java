package dev.templatestudio.bridge.server;

import dev.templatestudio.bridge.host.HostFacts;
import dev.templatestudio.bridge.io.SafePaths;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Unpacks the tar of a build context that a client uploaded, refusing the whole archive at the
 * first entry that could reach outside the target: absolute names, {@code ..} components, a
 * name seen twice, a parent that is not a directory this unpacking made (so nothing is ever
 * written through a symlink), hard links, sparse files, devices and fifos. Symlinks themselves are kept as
 * they are: the copy step's own rules refuse a source that leads outside the context, as for
 * a local build. Modes, mtimes and (running as root) numeric owners are restored, as a
 * {@code rootfs:DIR} base keeps them. Files are fsynced, so a context that is renamed into
 * place is complete. One thread.
 */
final class ContextUnpacker {
  private final Path root;
  /** Parents are made and checked one component at a time: nothing is written through a link. */
  private final SafePaths paths;
  private final Set<String> seen = new HashSet<>();
  /**
   * Directory modes and times are set last: a read-only directory would block its own files,
   * and each file made in a directory would change its mtime again.
   */
  private final Map<Path, TarArchiveEntry> dirEntries = new LinkedHashMap<>();
  private final boolean asRoot = HostFacts.local().isRoot();
  private final byte[] buffer = new byte[1 << 16];

  private ContextUnpacker(Path root) {
    this.root = root;
    this.paths = new SafePaths(root);
  }

  /** A tar entry that cannot be part of a build context; the message names it. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String name, String why) {
      super("the context archive's entry \"" + name + "\" was refused: " + why);
    }

    private Refused() {
      super(NOT_A_TAR);
    }
  }

  static final String NOT_A_TAR = "the body is not a complete tar archive";

  /**
   * Unpacks the tar file {@code tarFile} into {@code emptyDir}, which must exist and be empty.
   * An archive that cannot be read, or that stops before its end-of-archive blocks (cut short,
   * or not a tar at all), is refused: what it held cannot be told.
   */
  static void unpack(Path tarFile, Path emptyDir) throws IOException, Refused {
    ContextUnpacker unpacker = new ContextUnpacker(emptyDir.toAbsolutePath().normalize());
    long end;
    try (Counting in = new Counting(Files.newInputStream(tarFile))) {
      end = unpacker.run(in);
    }
    if (!zeros(tarFile, end, 2 * 512)) {
      throw new Refused();
    }
  }

  /** Unpacks the entries; returns the offset at which the end-of-archive blocks should start. */
  private long run(Counting raw) throws IOException, Refused {
    TarArchiveInputStream tar = new TarArchiveInputStream(raw, "UTF-8");
    TarArchiveEntry entry;
    long nextHeader = 0;
    while ((entry = next(tar)) != null) {
      // The reader has just read this entry's header; its content fills whole records after it.
      nextHeader = raw.count + (entry.getSize() + 511) / 512 * 512;
      String name = normalise(entry.getName());
      if (name.isEmpty()) {
        continue;
      }
      if (!seen.add(name)) {
        throw new Refused(entry.getName(), "it occurs twice");
      }
      int slash = name.lastIndexOf('/');
      Path parent = slash < 0 ? root : paths.ensureDirectory(name.substring(0, slash));
      if (parent == null) {
        throw new Refused(entry.getName(), "its parent is a symlink or a file, and nothing is unpacked through one");
      }
      Path target = parent.resolve(name.substring(slash + 1));
      boolean exists = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
      // A directory named after its own entries was made for them: it is the same directory.
      if (exists && !(entry.isDirectory() && Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS))) {
        throw new Refused(entry.getName(), "it replaces an entry already unpacked");
      }
      if (entry.isDirectory()) {
        if (!exists) {
          Files.createDirectory(target);
        }
        paths.markDirectory(name);
        dirEntries.put(target, entry);
      } else if (entry.isSymbolicLink()) {
        if (entry.getLinkName().isEmpty()) {
          throw new Refused(entry.getName(), "a symlink needs a target");
        }
        Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
        applyOwnerAndTime(target, entry);
      } else if (entry.isSparse()) {
        // A sparse entry unpacks to far more than its bytes in the archive: past the size limit.
        throw new Refused(entry.getName(), "sparse files are not accepted");
      } else if (isRegularFile(entry)) {
        write(tar, target);
        applyOwnerModeAndTime(target, entry);
      } else {
        throw new Refused(entry.getName(), kindOf(entry)
            + ", and only files, directories and symlinks can be in a build context");
      }
    }
    for (Map.Entry<Path, TarArchiveEntry> d : dirEntries.entrySet()) {
      applyOwnerModeAndTime(d.getKey(), d.getValue());
    }
    return nextHeader;
  }

  /** The next entry; a header that cannot be read is the archive's fault, not the server's. */
  private static TarArchiveEntry next(TarArchiveInputStream tar) throws Refused {
    try {
      return tar.getNextEntry();
    } catch (IOException | IllegalArgumentException e) {
      throw new Refused();
    }
  }

  private static boolean zeros(Path file, long from, int length) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.allocate(length);
      while (buf.hasRemaining() && ch.read(buf, from + buf.position()) > 0) {
        // Reads until the buffer is full or the file ends.
      }
      if (buf.hasRemaining()) {
        return false;
      }
      for (int i = 0; i < length; i++) {
        if (buf.get(i) != 0) {
          return false;
        }
      }
      return true;
    }
  }

  /** Counts what the tar reader consumed: it reads whole records and nothing ahead. */
  private static final class Counting extends FilterInputStream {
    private long count;

    Counting(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      count += b < 0 ? 0 : 1;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      count += Math.max(0, n);
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count += skipped;
      return skipped;
    }
  }

  /** The owner first: changing it clears the setuid and setgid bits, so the mode must follow it. */
  private void applyOwnerModeAndTime(Path target, TarArchiveEntry entry) throws IOException {
    applyOwner(target, entry);
    Files.setAttribute(target, "unix:mode", entry.getMode() & 07777, LinkOption.NOFOLLOW_LINKS);
    applyTime(target, entry);
  }

  private void applyOwnerAndTime(Path target, TarArchiveEntry entry) throws IOException {
    applyOwner(target, entry);
    applyTime(target, entry);
  }

  private void applyOwner(Path target, TarArchiveEntry entry) throws IOException {
    if (asRoot) {
      Files.setAttribute(target, "unix:uid", (int) entry.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(target, "unix:gid", (int) entry.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
    }
  }

  private static void applyTime(Path target, TarArchiveEntry entry) throws IOException {
    FileTime mtime = FileTime.from(entry.getModTime().toInstant());
    Files.getFileAttributeView(target, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setTimes(mtime, null, null);
  }

  /**
   * A regular file by its type flag. Not {@link TarArchiveEntry#isFile}, which takes any type it
   * does not know (a device, a fifo) for a file when its name has no trailing slash: such an
   * entry was stored as an empty file.
   */
  private static boolean isRegularFile(TarArchiveEntry entry) {
    byte type = entry.getLinkFlag();
    return type == TarConstants.LF_NORMAL || type == TarConstants.LF_OLDNORM || type == TarConstants.LF_CONTIG;
  }

  private static String kindOf(TarArchiveEntry entry) {
    if (entry.isCharacterDevice() || entry.isBlockDevice()) {
      return "it is a device node";
    }
    if (entry.isFIFO()) {
      return "it is a fifo";
    }
    return entry.isLink() ? "it is a hard link" : "its type '" + (char) entry.getLinkFlag() + "' is not a file";
  }

  private void write(InputStream in, Path target) throws IOException, Refused {
    try (FileChannel ch = SafePaths.createFile(target)) {
      int n;
      while ((n = read(in)) > 0) {
        ByteBuffer buf = ByteBuffer.wrap(buffer, 0, n);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
      }
      ch.force(true);
    }
  }

  /** Reads entry content; the archive ending inside an entry is its fault, not the server's. */
  private int read(InputStream in) throws Refused {
    try {
      return in.read(buffer);
    } catch (IOException e) {
      throw new Refused();
    }
  }

  /** The entry's name relative to the root, slash-separated; refused when it could leave the root. */
  private static String normalise(String raw) throws Refused {
    if (raw.startsWith("/") || raw.contains("\\") || raw.indexOf('\0') >= 0) {
      throw new Refused(raw, "names must be relative, slash-separated paths");
    }
    StringBuilder out = new StringBuilder();
    for (String part : raw.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        throw new Refused(raw, "it climbs out of the context with \"..\"");
      }
      out.append(out.length() == 0 ? "" : "/").append(part);
    }
    return out.toString();
  }
}
