package dev.templatestudio.bridge.changes;

/**
 * One path a step's layer added, changed or removed, as the image sees it.
 *
 * @param path       absolute, as in the image ({@code /etc/motd})
 * @param size       bytes of the file now (added, changed), or of what went (removed: for a
 *                   folder, the files it held)
 * @param sizeBefore bytes before the step, for a changed path; 0 otherwise
 */
public record FileChange(String path, Kind kind, Type type, long size, long sizeBefore) {

  /** What the step did to the path. */
  public enum Kind { ADDED, CHANGED, REMOVED }

  /** What the path is (was, when removed). */
  public enum Type { FILE, DIR, LINK, OTHER }

  /** How much the step grew the image by this path: negative for a removal or a shrink. */
  public long delta() {
    switch (kind) {
      case ADDED:
        return size;
      case REMOVED:
        return -size;
      default:
        return size - sizeBefore;
    }
  }
}
