package dev.templatestudio.bridge.embedded.layer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;

/**
 * Overlayfs opaque directories: a directory of an upper layer that hides everything below it.
 * The sandbox mounts overlayfs with {@code userxattr} (as root too), so the mark is the xattr
 * {@code user.overlay.opaque=y}, which Java reads and writes itself: no host tool, and never
 * through a symlink. (Without {@code userxattr} the kernel uses {@code trusted.overlay.opaque},
 * which only a tool such as getfattr could read.) Any thread.
 */
final class OpaqueDirs {
  /** The xattr's name inside the {@code user.} namespace, as Java names it. */
  static final String NAME = "overlay.opaque";
  private static final byte[] YES = "y".getBytes(StandardCharsets.US_ASCII);

  private OpaqueDirs() {}

  /** True when {@code dir} (a real directory, not a symlink to one) carries the opaque mark. */
  static boolean isOpaque(Path dir) throws IOException {
    UserDefinedFileAttributeView view = view(dir);
    if (view == null || !view.list().contains(NAME)) {
      return false;
    }
    ByteBuffer value = ByteBuffer.allocate(view.size(NAME));
    view.read(NAME, value);
    value.flip();
    return value.remaining() == 1 && value.get() == 'y';
  }

  /** Marks a directory (not a symlink; its owner or root may) opaque. */
  static void mark(Path dir) throws IOException {
    try {
      Files.getFileAttributeView(dir, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .write(NAME, ByteBuffer.wrap(YES));
    } catch (FileSystemException e) {
      throw new IOException("cannot mark " + dir + " as an opaque directory (" + e.getReason() + "): its file "
          + "system must keep user xattrs, as ext4, xfs and btrfs do", e);
    }
  }

  private static UserDefinedFileAttributeView view(Path dir) {
    return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
        ? Files.getFileAttributeView(dir, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS) : null;
  }
}
