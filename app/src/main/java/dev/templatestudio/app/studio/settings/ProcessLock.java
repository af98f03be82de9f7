package dev.templatestudio.app.studio.settings;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A lock on a file, held as long as the process holding it lives: a {@link FileLock} on the
 * whole file, which the operating system drops when the process ends, however it ends. A lock
 * file nobody holds therefore speaks for an owner that is gone.
 *
 * <p>The locks this JVM holds are also listed here, because on POSIX systems closing any channel
 * to a file drops every lock the process holds on it: this JVM never opens a second channel to a
 * file it holds. Blocking I/O. Thread-safe.
 */
final class ProcessLock implements AutoCloseable {
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();
  private static final Object FOLDER_TURN = new Object();
  private final Path file;
  private final FileChannel channel;

  private ProcessLock(Path file, FileChannel channel) {
    this.file = file;
    this.channel = channel;
  }

  /** What runs while a folder lock is held. */
  @FunctionalInterface
  interface Work<T> {
    T run() throws IOException;
  }

  /**
   * Creates {@code file}, which must not exist yet, and locks it.
   *
   * @throws IOException when it exists or cannot be made or locked
   */
  static ProcessLock create(Path file) throws IOException {
    Path key = key(file);
    if (!HELD.add(key)) {
      throw new IOException(file + " is locked already");
    }
    try {
      FileChannel ch = FileChannel.open(key, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      return locked(key, ch).orElseThrow(() -> new IOException(file + " was locked by another process"));
    } catch (IOException | RuntimeException e) {
      HELD.remove(key);
      throw e;
    }
  }

  /**
   * Locks the existing {@code file} when its owner is gone; empty while a running process (this
   * one included) holds it, or when the file is gone.
   */
  static Optional<ProcessLock> takeOver(Path file) throws IOException {
    Path key = key(file);
    if (!HELD.add(key)) {
      return Optional.empty();
    }
    try {
      Optional<ProcessLock> lock = locked(key, FileChannel.open(key, StandardOpenOption.READ, StandardOpenOption.WRITE));
      if (lock.isEmpty()) {
        HELD.remove(key);
      }
      return lock;
    } catch (NoSuchFileException e) {
      HELD.remove(key);
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      HELD.remove(key);
      throw e;
    }
  }

  /**
   * Runs {@code work} holding the lock on {@code file} (made when missing, never deleted), after
   * any other process or thread holding it let go: what one does under it, no other sees half done.
   */
  static <T> T whileHolding(Path file, Work<T> work) throws IOException {
    // One channel at a time to the file in this JVM (see the class comment), and one holder.
    synchronized (FOLDER_TURN) {
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
        return work.run();
      }
    }
  }

  private static Optional<ProcessLock> locked(Path key, FileChannel ch) throws IOException {
    try {
      FileLock lock = ch.tryLock();
      if (lock != null) {
        return Optional.of(new ProcessLock(key, ch));
      }
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    ch.close();
    return Optional.empty();
  }

  private static Path key(Path file) {
    return file.toAbsolutePath().normalize();
  }

  /** Deletes the lock file, then lets go of it: nobody takes over what it guarded any more. */
  void deleteAndClose() throws IOException {
    try {
      Files.deleteIfExists(file);
    } finally {
      close();
    }
  }

  /** Lets go of the lock; the file stays, for another process to take over. */
  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // The operating system drops the lock with the process at the latest.
    } finally {
      HELD.remove(file);
    }
  }
}
