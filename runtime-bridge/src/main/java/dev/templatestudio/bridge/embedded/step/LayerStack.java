package dev.templatestudio.bridge.embedded.step;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads the merged view of unpacked layers without mounting them: the topmost layer holding a
 * path wins; an overlay whiteout (a 0/0 character device) hides the path below. Used for the
 * few files the engine itself needs (/etc/passwd, /etc/group, existing directories).
 * Immutable and thread-safe.
 */
public final class LayerStack {
  private final List<Path> topFirst;

  public LayerStack(List<Path> topFirst) {
    this.topFirst = List.copyOf(topFirst);
  }

  public List<Path> topFirst() {
    return topFirst;
  }

  /** The file that {@code absolutePath} is in the merged view, if any. */
  public Optional<Path> find(String absolutePath) throws IOException {
    String rel = relative(absolutePath);
    for (Path layer : topFirst) {
      Path p = rel.isEmpty() ? layer : layer.resolve(rel);
      if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        return isWhiteout(p) ? Optional.empty() : Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** The text of a file in the merged view, if it exists and is a regular file. */
  public Optional<String> readString(String absolutePath) throws IOException {
    Optional<Path> p = find(absolutePath);
    if (p.isPresent() && Files.isRegularFile(p.get(), LinkOption.NOFOLLOW_LINKS)) {
      return Optional.of(Files.readString(p.get()));
    }
    return Optional.empty();
  }

  /** True for overlayfs's deletion marker: a character device with device number 0/0. */
  public static boolean isWhiteout(Path p) throws IOException {
    int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    return (mode & 0170000) == 0020000
        && ((Long) Files.getAttribute(p, "unix:rdev", LinkOption.NOFOLLOW_LINKS)) == 0L;
  }

  static String relative(String absolutePath) {
    String s = absolutePath;
    while (s.startsWith("/")) {
      s = s.substring(1);
    }
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }
}
