package dev.templatestudio.bridge.embedded.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Who may use the store's layers and blobs at a time: any number of builds and machines
 * together ({@link #shared}), or one prune alone ({@link #exclusive}), so a prune never deletes
 * a layer a build is about to stack or has just made but not yet recorded. Held across
 * processes by a lock on {@code ROOT/locks/store.lock} (shared or exclusive; the kernel drops
 * it when a process dies, so a killed build never leaves the store locked) and across the
 * threads of this JVM by a read-write lock, since a file lock alone does not exclude them.
 * Thread- and process-safe.
 */
public final class StoreGate {
  private static final ConcurrentHashMap<Path, Gate> GATES = new ConcurrentHashMap<>();

  private StoreGate() {}

  /** A held use of the store; closing it (once or more, on the thread that took it) lets the others in. */
  public interface Hold extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Waits until no prune runs, then holds the store for a build or a machine until closed.
   *
   * @param waiting told once, before waiting, when a prune holds the store
   */
  public static Hold shared(Path storeRoot, Runnable waiting) throws IOException {
    Gate gate = gate(storeRoot);
    if (!gate.local.readLock().tryLock()) {
      waiting.run();
      gate.local.readLock().lock();
    }
    try {
      gate.enterShared(waiting);
    } catch (IOException | RuntimeException e) {
      gate.local.readLock().unlock();
      throw e;
    }
    AtomicBoolean open = new AtomicBoolean(true);
    return () -> {
      if (open.getAndSet(false)) {
        gate.leaveShared();
        gate.local.readLock().unlock();
      }
    };
  }

  /**
   * Waits until no build or machine uses the store, then holds it alone until closed.
   *
   * @param waiting told once, before waiting, when builds or machines hold the store
   */
  public static Hold exclusive(Path storeRoot, Runnable waiting) throws IOException {
    Gate gate = gate(storeRoot);
    boolean told = false;
    if (!gate.local.writeLock().tryLock()) {
      waiting.run();
      told = true;
      gate.local.writeLock().lock();
    }
    FileChannel ch = null;
    try {
      ch = gate.open();
      FileLock lock = ch.tryLock();
      if (lock == null) {
        if (!told) {
          waiting.run();
        }
        lock = ch.lock();
      }
      return release(gate, ch, lock);
    } catch (IOException | RuntimeException e) {
      if (ch != null) {
        ch.close();
      }
      gate.local.writeLock().unlock();
      throw e;
    }
  }

  /** Holds the store alone at once when nothing else uses it; null when something does. */
  public static Hold tryExclusive(Path storeRoot) throws IOException {
    Gate gate = gate(storeRoot);
    if (!gate.local.writeLock().tryLock()) {
      return null;
    }
    FileChannel ch = null;
    try {
      ch = gate.open();
      FileLock lock = ch.tryLock();
      if (lock == null) {
        ch.close();
        gate.local.writeLock().unlock();
        return null;
      }
      return release(gate, ch, lock);
    } catch (IOException | RuntimeException e) {
      if (ch != null) {
        ch.close();
      }
      gate.local.writeLock().unlock();
      throw e;
    }
  }

  private static Hold release(Gate gate, FileChannel ch, FileLock lock) {
    AtomicBoolean open = new AtomicBoolean(true);
    return () -> {
      if (!open.getAndSet(false)) {
        return;
      }
      try {
        lock.release();
        ch.close();
      } catch (IOException e) {
        // Closing the channel drops the lock in any case.
      } finally {
        gate.local.writeLock().unlock();
      }
    };
  }

  private static Gate gate(Path storeRoot) {
    Path file = storeRoot.toAbsolutePath().normalize().resolve("locks/store.lock");
    return GATES.computeIfAbsent(file, Gate::new);
  }

  /** The lock of one store in this JVM: the threads' read-write lock and the shared file lock they hold together. */
  private static final class Gate {
    /** Fair, so a waiting prune is not starved by builds that keep arriving in this JVM. */
    final ReentrantReadWriteLock local = new ReentrantReadWriteLock(true);
    private final Path file;
    private int sharedHolders;
    private FileChannel sharedChannel;
    private FileLock sharedLock;

    Gate(Path file) {
      this.file = file;
    }

    FileChannel open() throws IOException {
      Files.createDirectories(file.getParent());
      return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /** The first holder in this JVM takes the shared file lock for all of them. */
    synchronized void enterShared(Runnable waiting) throws IOException {
      if (sharedHolders == 0) {
        FileChannel ch = open();
        try {
          FileLock lock = ch.tryLock(0, Long.MAX_VALUE, true);
          if (lock == null) {
            waiting.run();
            lock = ch.lock(0, Long.MAX_VALUE, true);
          }
          sharedChannel = ch;
          sharedLock = lock;
        } catch (IOException | OverlappingFileLockException e) {
          ch.close();
          throw e instanceof IOException io ? io : new IOException("the store lock is held twice in this process", e);
        }
      }
      sharedHolders++;
    }

    synchronized void leaveShared() {
      if (--sharedHolders == 0) {
        try {
          sharedLock.release();
          sharedChannel.close();
        } catch (IOException e) {
          // Closing the channel drops the lock in any case.
        }
        sharedChannel = null;
        sharedLock = null;
      }
    }
  }
}
