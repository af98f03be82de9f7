package dev.templatestudio.bridge.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a file so that readers see the old content or the new, never half: a temporary file
 * in the same folder, fsync, then an atomic rename over the target. The file keeps the
 * permissions of the file it replaces, else gets rw-r--r--. The folder must exist: callers that
 * own a folder create it themselves.
 */
public final class AtomicWrite {
  private AtomicWrite() {}

  public static void writeString(Path target, String text) throws IOException {
    write(target, text.getBytes(StandardCharsets.UTF_8));
  }

  public static void write(Path target, byte[] bytes) throws IOException {
    write(target, out -> out.write(bytes));
  }

  /** As {@link #write(Path, byte[])}, but the file is readable by its owner only (0600) whatever it replaces. */
  public static void writePrivate(Path target, byte[] bytes) throws IOException {
    write(target, out -> out.write(bytes), true);
  }

  /** As {@link #write(Path, Body)}, but the file is readable by its owner only (0600) whatever it replaces. */
  public static void writePrivate(Path target, Body body) throws IOException {
    write(target, body, true);
  }

  /** What writes a file's content; may throw what writing throws. */
  @FunctionalInterface
  public interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Writes what {@code body} writes to {@code target}, streamed through a temporary file, so a
   * large file need not be held in memory: readers see the old file or the whole new one.
   */
  public static void write(Path target, Body body) throws IOException {
    write(target, body, false);
  }

  private static void write(Path target, Body body, boolean ownerOnly) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    if (!Files.isDirectory(dir)) {
      throw new IOException("folder " + dir + " does not exist");
    }
    if (Files.isDirectory(absolute)) {
      throw new IOException(target + " is a folder, not a file");
    }
    Path temp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
    try {
      if (!ownerOnly) {
        givePermissions(temp, absolute);
      }
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
        body.writeTo(out);
        out.flush();
        ch.force(true);
      }
      try {
        Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
      fsyncDir(dir);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Gives {@code temp} (made 0600 by {@link Files#createTempFile}) the permissions of
   * {@code target} when it exists, else rw-r--r--; nothing on file systems without POSIX modes.
   */
  public static void givePermissions(Path temp, Path target) throws IOException {
    try {
      Set<PosixFilePermission> permissions = Files.exists(target)
          ? Files.getPosixFilePermissions(target) : PosixFilePermissions.fromString("rw-r--r--");
      Files.setPosixFilePermissions(temp, permissions);
    } catch (UnsupportedOperationException e) {
      // No POSIX modes here (a Windows file system): the platform's defaults apply.
    }
  }

  /** Makes a rename in {@code dir} durable; silently skipped where directories cannot be opened. */
  public static void fsyncDir(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException ignored) {
      // Not every file system lets a directory be opened; the rename itself is still atomic.
    }
  }
}
