package dev.templatestudio.bridge.embedded.layer;

import dev.templatestudio.bridge.embedded.store.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Resolves archive names inside an extraction root without ever following a symlink: every
 * parent component is checked with lstat (or known to be a directory this extraction made or
 * checked). Only the extracting thread touches the root, so a check stays true until this
 * class itself replaces the path. One thread.
 */
final class SafePaths {
  private final Path root;
  /** Relative paths known to be real directories (not symlinks). */
  private final Set<String> knownDirs = new HashSet<>();

  SafePaths(Path root) {
    this.root = root;
  }

  /**
   * Makes sure every parent of {@code name} is a real directory (creating missing ones) and
   * clears the way for the entry: an existing non-directory, or a directory that a
   * non-directory replaces, is removed (never followed). Null when a parent is a symlink or a file.
   */
  Path prepare(String name, boolean directory) throws IOException {
    int slash = name.lastIndexOf('/');
    Path parent = slash < 0 ? root : ensureDirectory(name.substring(0, slash));
    if (parent == null) {
      return null;
    }
    Path target = parent.resolve(name.substring(slash + 1));
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      if (directory && Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
        return target;
      }
      Trees.delete(target);
      forget(name);
    }
    return target;
  }

  /** The directory {@code relative} under the root, made if missing; null if a component is a symlink or a file. */
  Path ensureDirectory(String relative) throws IOException {
    Path current = root;
    StringBuilder prefix = new StringBuilder();
    for (String part : relative.split("/")) {
      if (prefix.length() > 0) {
        prefix.append('/');
      }
      prefix.append(part);
      current = current.resolve(part);
      String key = prefix.toString();
      if (knownDirs.contains(key)) {
        continue;
      }
      if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectory(current);
      } else if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
        return null;
      }
      knownDirs.add(key);
    }
    return current;
  }

  void markDirectory(String relative) {
    knownDirs.add(relative);
  }

  /** An existing non-directory inside the root reached through real directories only, else null. */
  Path existingInside(String relative) {
    Path path = root.resolve(relative);
    if (!parentsAreDirectories(path)) {
      return null;
    }
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)
        || Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    return path;
  }

  /** True when every component between the root and {@code path} (exclusive) is a real directory. */
  boolean parentsAreDirectories(Path path) {
    Path relative = root.relativize(path);
    Path current = root;
    for (int i = 0; i < relative.getNameCount() - 1; i++) {
      current = current.resolve(relative.getName(i));
      if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
        return false;
      }
    }
    return true;
  }

  private void forget(String relative) {
    String prefix = relative + "/";
    knownDirs.removeIf(dir -> dir.equals(relative) || dir.startsWith(prefix));
  }
}
