package dev.templatestudio.bridge.embedded.layer;

/** The {@code st_mode} file type bits, as {@code unix:mode} reports them. */
final class FileModes {
  static final int TYPE_MASK = 0170000;
  static final int CHAR_DEVICE = 0020000;
  static final int BLOCK_DEVICE = 0060000;
  static final int FIFO = 0010000;
  static final int DIRECTORY = 0040000;
  static final int REGULAR = 0100000;
  static final int SYMLINK = 0120000;
  /** Permission bits plus setuid, setgid and sticky. */
  static final int PERMISSIONS = 07777;

  private FileModes() {}

  static boolean isDirectory(int mode) {
    return (mode & TYPE_MASK) == DIRECTORY;
  }

  static boolean isRegular(int mode) {
    return (mode & TYPE_MASK) == REGULAR;
  }

  static boolean isSymlink(int mode) {
    return (mode & TYPE_MASK) == SYMLINK;
  }

  static boolean isCharDevice(int mode) {
    return (mode & TYPE_MASK) == CHAR_DEVICE;
  }

  static boolean isBlockDevice(int mode) {
    return (mode & TYPE_MASK) == BLOCK_DEVICE;
  }

  static boolean isFifo(int mode) {
    return (mode & TYPE_MASK) == FIFO;
  }
}
