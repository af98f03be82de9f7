package dev.templatestudio.bridge.io;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Deletes file trees without following symbolic links. Stateless. */
public final class Trees {
  private Trees() {}

  /** Deletes {@code root} and everything under it; a missing root is fine. */
  public static void delete(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        try {
          Files.deleteIfExists(file);
        } catch (java.nio.file.AccessDeniedException e) {
          // Without root, a dir we own but made unwritable (overlayfs's work dir) must be opened up first.
          Files.setAttribute(file.getParent(), "unix:mode", 0700);
          Files.deleteIfExists(file);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        if (e instanceof NoSuchFileException) {
          return FileVisitResult.CONTINUE;
        }
        // A dir without read permission (overlayfs leaves its work/work at mode 000).
        file.toFile().setReadable(true, true);
        file.toFile().setExecutable(true, true);
        delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        Files.deleteIfExists(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
