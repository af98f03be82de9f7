package dev.templatestudio.bridge.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * The one way the engine writes into a tree that strangers shaped (a layer being extracted, a
 * step's upper dir, an uploaded build context, an export folder): names are resolved inside
 * the root without ever following a symbolic link, as {@code openat2(RESOLVE_NO_SYMLINKS)}
 * would. Every parent component is checked with lstat, or known to be a directory this
 * instance made or checked; directories are made one component at a time; files are created
 * with {@code O_CREAT|O_EXCL|O_NOFOLLOW}. A check stays true because only the thread that owns
 * this instance writes into the root (nothing else runs there meanwhile). One thread.
 */
public final class SafePaths {
  private final Path root;
  /** Relative paths known to be real directories (not symlinks). */
  private final Set<String> knownDirs = new HashSet<>();

  public SafePaths(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  /**
   * Makes sure every parent of {@code name} is a real directory (creating missing ones) and
   * clears the way for the entry: an existing non-directory, or a directory that a
   * non-directory replaces, is removed (never followed). Null when a parent is a symlink or a file.
   */
  public Path prepare(String name, boolean directory) throws IOException {
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
  public Path ensureDirectory(String relative) throws IOException {
    if (relative.isEmpty()) {
      return root;
    }
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

  /**
   * The path of {@code relative} (which need not exist) when each of its parents is a real
   * directory or missing, else null: a path below a symlink or a file has no place here.
   */
  public Path inside(String relative) {
    if (relative.isEmpty()) {
      return root;
    }
    Path current = root;
    String[] parts = relative.split("/");
    StringBuilder prefix = new StringBuilder();
    for (int i = 0; i < parts.length - 1; i++) {
      prefix.append(i == 0 ? "" : "/").append(parts[i]);
      current = current.resolve(parts[i]);
      if (knownDirs.contains(prefix.toString())) {
        continue;
      }
      if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
        // Nothing below a missing folder: the path is free, and cannot lead anywhere.
        return root.resolve(relative);
      }
      if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
        return null;
      }
      knownDirs.add(prefix.toString());
    }
    return current.resolve(parts[parts.length - 1]);
  }

  public void markDirectory(String relative) {
    knownDirs.add(relative);
  }

  /** An existing non-directory inside the root reached through real directories only, else null. */
  public Path existingInside(String relative) {
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
  public boolean parentsAreDirectories(Path path) {
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

  /**
   * Creates the new file {@code target} for writing: fails if anything, even a dangling symlink,
   * has its name, so no write ever lands where a link points. The caller closes it.
   */
  public static FileChannel createFile(Path target) throws IOException {
    return FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS);
  }

  private void forget(String relative) {
    String prefix = relative + "/";
    knownDirs.removeIf(dir -> dir.equals(relative) || dir.startsWith(prefix));
  }
}
