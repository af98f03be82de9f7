package dev.templatestudio.bridge.embedded;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Names the host folders a step works in as the image sees them: a file under the step's upper
 * or merged dir, or under one of the image's unpacked layers, is {@code /its/path} in the
 * image. A failed step's message and its log lines then say {@code /app/x}, never
 * {@code /…/store/work/build-…/step-1/upper/app/x}, which tells a server's clients about its
 * disk and the user nothing. Immutable, thread-safe.
 */
final class ImagePaths {
  /** Host folders that are the image's root, longest first (so a nested one wins). */
  private final List<String> roots;

  ImagePaths(Path stepDir, List<Path> lowers) {
    List<String> all = new ArrayList<>();
    all.add(stepDir.resolve("upper").toAbsolutePath().normalize().toString());
    all.add(stepDir.resolve("merged").toAbsolutePath().normalize().toString());
    for (Path lower : lowers) {
      all.add(lower.toAbsolutePath().normalize().toString());
    }
    all.sort(Comparator.comparingInt(String::length).reversed());
    this.roots = List.copyOf(all);
  }

  /** {@code text} with every host path of the image written as the image's own; null stays null. */
  String text(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String root : roots) {
      if (out.contains(root)) {
        // The root alone is "/", but not when it only starts a longer name ("upper2").
        out = out.replace(root + "/", "/").replaceAll(Pattern.quote(root) + "(?![\\w.-])", "/");
      }
    }
    return out;
  }

  /** The same fault, its files named as in the image (the kind of fault kept, as its sentence says it). */
  IOException exception(IOException e) {
    IOException named;
    if (e instanceof FileSystemException f) {
      String file = text(f.getFile());
      String other = text(f.getOtherFile());
      String reason = f.getReason();
      if (e instanceof NoSuchFileException) {
        named = new NoSuchFileException(file, other, reason);
      } else if (e instanceof AccessDeniedException) {
        named = new AccessDeniedException(file, other, reason);
      } else if (e instanceof FileAlreadyExistsException) {
        named = new FileAlreadyExistsException(file, other, reason);
      } else if (e instanceof DirectoryNotEmptyException) {
        named = new DirectoryNotEmptyException(file);
      } else if (e instanceof NotDirectoryException) {
        named = new NotDirectoryException(file);
      } else {
        named = new FileSystemException(file, other, reason);
      }
    } else if (e.getClass() == IOException.class && e.getMessage() != null
        && !text(e.getMessage()).equals(e.getMessage())) {
      named = new IOException(text(e.getMessage()));
    } else {
      // A kind of its own (a refused layer, …) is handled as such further up: kept whole.
      return e;
    }
    named.initCause(e);
    return named;
  }
}
