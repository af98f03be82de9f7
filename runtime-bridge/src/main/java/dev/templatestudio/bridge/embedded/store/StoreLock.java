package dev.templatestudio.bridge.embedded.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An exclusive lock on a lock file, held both against other threads of this JVM and against
 * other processes (a file lock alone does not exclude threads of the same JVM). The kernel
 * drops a dead process's file lock, so SIGKILL never leaves the store locked. Thread-safe.
 */
public final class StoreLock {
  private static final ConcurrentHashMap<Path, ReentrantLock> LOCAL = new ConcurrentHashMap<>();

  private StoreLock() {}

  /** Runs {@code action} while holding the lock {@code lockFile}; blocks until it is free. */
  public static <T> T with(Path lockFile, IoAction<T> action) throws IOException {
    Path key = lockFile.toAbsolutePath().normalize();
    ReentrantLock local = LOCAL.computeIfAbsent(key, k -> new ReentrantLock());
    local.lock();
    try {
      Files.createDirectories(key.getParent());
      try (FileChannel ch = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
           FileLock ignored = ch.lock()) {
        return action.run();
      }
    } finally {
      local.unlock();
    }
  }

  /** Work done under a lock. */
  @FunctionalInterface
  public interface IoAction<T> {
    T run() throws IOException;
  }
}
