package dev.templatestudio.app.studio.pipeline;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Tells when files change in a build context folder, recursively: each folder is watched
 * (a {@link WatchService}), new folders too, up to {@link #MAX_FOLDERS} folders, {@code .git}
 * left out, links not followed. A change beyond that bound is noticed at the next edit. One
 * daemon thread, {@code studio-context-watch}, calls {@code changed} after each batch of
 * events; {@link #close} stops it. Opening walks the folder: call it off the FX thread.
 */
final class ContextWatcher implements AutoCloseable {
  /** The most folders watched: inotify watches are a limited resource of the user's. */
  static final int MAX_FOLDERS = 1000;
  private final Path root;
  private final WatchService watch;
  private final Runnable changed;
  private final Thread thread;
  private int folders;

  ContextWatcher(Path root, Runnable changed) throws IOException {
    this.root = root;
    this.changed = changed;
    this.watch = root.getFileSystem().newWatchService();
    try {
      register(root);
    } catch (IOException | RuntimeException e) {
      watch.close();
      throw e;
    }
    thread = new Thread(this::loop, "studio-context-watch");
    thread.setDaemon(true);
    thread.start();
  }

  Path root() {
    return root;
  }

  private void register(Path top) throws IOException {
    Files.walkFileTree(top, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        if (folders >= MAX_FOLDERS) {
          return FileVisitResult.TERMINATE;
        }
        if (!dir.equals(root) && dir.getFileName().toString().equals(".git")) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
            StandardWatchEventKinds.ENTRY_MODIFY);
        folders++;
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        // A folder that cannot be read cannot be copied either: the build says so, not the watch.
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private void loop() {
    try {
      while (true) {
        WatchKey key = watch.take();
        for (WatchEvent<?> event : key.pollEvents()) {
          if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && key.watchable() instanceof Path dir) {
            Path created = dir.resolve((Path) event.context());
            if (Files.isDirectory(created, LinkOption.NOFOLLOW_LINKS)) {
              registerNew(created);
            }
          }
        }
        key.reset();
        changed.run();
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // Closed: the document closed or its context moved.
    }
  }

  private void registerNew(Path dir) {
    try {
      register(dir);
    } catch (IOException e) {
      // Gone again before it was watched: the change that follows is reported all the same.
    }
  }

  @Override
  public void close() throws IOException {
    watch.close();
    try {
      thread.join(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
