package dev.templatestudio.bridge.embedded.store;

import dev.templatestudio.bridge.io.Trees;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Scratch dirs under {@code ROOT/work/}, one per build or machine, on the store's file system
 * (overlay upper dirs are renamed from here into the layer store). Each is locked while in
 * use; the kernel drops the lock when its process dies, so a dir left by a killed build is
 * recognised as stale and deleted by the next build. Thread- and process-safe.
 */
public final class WorkDirs {
  /**
   * Dirs this JVM holds. Their lock files are never opened by {@link #deleteStale}: closing
   * any descriptor of a file drops this process's POSIX lock on it.
   */
  private static final java.util.Set<Path> HELD = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final Path dir;

  WorkDirs(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
  }

  /** The folder the scratch dirs are in. */
  public Path dir() {
    return dir;
  }

  /** A new scratch dir, locked until the returned handle is closed (which deletes it). */
  public WorkDir create(String prefix) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        return createOnce(prefix);
      } catch (java.nio.file.NoSuchFileException e) {
        // Another process's clean-up took the staging dir before its lock existed: make another.
        if (attempt == 5) {
          throw e;
        }
      }
    }
  }

  private WorkDir createOnce(String prefix) throws IOException {
    // Made and locked under a staging name, then renamed: a dir under its own name is always
    // locked while its process lives, so a process killed in between leaves only a staging dir,
    // stale at once, never a young unlocked dir that looks like a live one starting.
    Path staging = Files.createTempDirectory(dir, ".new-" + prefix + "-");
    HELD.add(staging);
    FileChannel ch = null;
    try {
      ch = FileChannel.open(staging.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = ch.lock();
      Path path = dir.resolve(staging.getFileName().toString().substring(".new-".length()));
      HELD.add(path);
      Files.move(staging, path, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return new WorkDir(path, ch, lock);
    } catch (IOException | RuntimeException e) {
      if (ch != null) {
        ch.close();
      }
      Trees.delete(staging);
      throw e;
    } finally {
      HELD.remove(staging);
    }
  }

  /** The scratch dirs of builds and machines whose process is gone (for prune). */
  public List<Path> stale() throws IOException {
    List<Path> stale = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(dir)) {
      for (Path d : dirs) {
        if (isStale(d)) {
          stale.add(d);
        }
      }
    }
    return stale;
  }

  /** Deletes the scratch dirs of builds and machines whose process is gone. */
  public void deleteStale() throws IOException {
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(dir)) {
      for (Path d : dirs) {
        if (isStale(d)) {
          Trees.delete(d);
        }
      }
    }
  }

  private static boolean isStale(Path d) {
    if (HELD.contains(d)) {
      return false;
    }
    Path lock = d.resolve(".lock");
    if (!Files.exists(lock)) {
      if (d.getFileName().toString().startsWith(".new-")) {
        // A staging dir gets its lock before its name; without one it is a dead process's.
        return true;
      }
      // A dir of an older version made before its lock, or a crash in between:
      // only old dirs without a lock are stale.
      try {
        return Files.getLastModifiedTime(d).toMillis() < System.currentTimeMillis() - 60_000;
      } catch (IOException e) {
        return false;
      }
    }
    try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.WRITE);
         FileLock l = ch.tryLock()) {
      return l != null;
    } catch (OverlappingFileLockException e) {
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  /** A locked scratch dir; closing it deletes it. */
  public static final class WorkDir implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;

    private WorkDir(Path path, FileChannel channel, FileLock lock) {
      this.path = path;
      this.channel = channel;
      this.lock = lock;
    }

    public Path path() {
      return path;
    }

    @Override
    public void close() throws IOException {
      try {
        Trees.delete(path);
      } finally {
        lock.release();
        channel.close();
        HELD.remove(path);
      }
    }
  }
}
