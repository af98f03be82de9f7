package dev.templatestudio.bridge.embedded.layer;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
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
   * The canonical relative form of an archive name ({@code ./a//b/} → {@code a/b}; {@code /a}
   * → {@code a}), or null when {@code ..} climbs above the root.
   */
  static String normalize(String name) {
    Deque<String> parts = new ArrayDeque<>();
    for (String part : name.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (parts.isEmpty()) {
          return null;
        }
        parts.removeLast();
      } else {
        parts.addLast(part);
      }
    }
    return String.join("/", parts);
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
      deleteTree(target);
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

  /** Deletes a file, a symlink (not its target) or a whole directory tree, following no link. */
  static void deleteTree(Path path) throws IOException {
    if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      Files.delete(path);
      return;
    }
    Files.walkFileTree(path, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
