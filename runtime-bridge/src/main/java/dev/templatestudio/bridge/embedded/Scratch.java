package dev.templatestudio.bridge.embedded;

import dev.templatestudio.bridge.embedded.store.WorkDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A build's scratch dir (a locked {@link WorkDirs} dir), or a stage's folder in it, made on
 * first use: a build whose steps all come from the cache makes none, so it changes nothing in
 * the store's work folder (making, locking and deleting one was most of such a build's time:
 * closing the lock file of a deleted dir alone took milliseconds on ext4). Thread-safe.
 */
final class Scratch implements AutoCloseable {
  private final WorkDirs work;
  private final String prefix;
  private final Scratch parent;
  private final String name;
  private WorkDirs.WorkDir made;
  private Path path;
  private boolean closed;

  private Scratch(WorkDirs work, String prefix, Scratch parent, String name) {
    this.work = work;
    this.prefix = prefix;
    this.parent = parent;
    this.name = name;
  }

  /** The scratch dir of a build, a {@link WorkDirs} dir named after {@code prefix} once made. */
  static Scratch of(WorkDirs work, String prefix) {
    return new Scratch(work, prefix, null, null);
  }

  /** The folder {@code name} in this scratch dir, made (with this one) on first use. */
  Scratch child(String name) {
    return new Scratch(null, null, this, name);
  }

  /** The dir, made now unless it was; after {@link #close} of the build's dir, an IOException. */
  synchronized Path path() throws IOException {
    if (path == null) {
      if (parent != null) {
        path = Files.createDirectory(parent.path().resolve(name));
      } else {
        if (closed) {
          throw new IOException("the build's scratch dir was already deleted");
        }
        made = work.create(prefix);
        path = made.path();
      }
    }
    return path;
  }

  /** Deletes the build's dir if it was made (a child goes with its parent). */
  @Override
  public synchronized void close() throws IOException {
    closed = true;
    if (made != null) {
      WorkDirs.WorkDir m = made;
      made = null;
      m.close();
    }
  }
}
