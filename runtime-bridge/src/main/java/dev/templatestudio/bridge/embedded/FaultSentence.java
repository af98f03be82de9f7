package dev.templatestudio.bridge.embedded;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.regex.Pattern;

/**
 * An unexpected fault inside a build (an I/O error, a bug) in words for the person who ran
 * it: what the fault says and which file, never a Java class name, on one line. Stateless.
 */
final class FaultSentence {
  private static final Pattern JAVA_CLASS =
      Pattern.compile("\\b(?:[a-z_][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error): ?");

  private FaultSentence() {}

  /** The fault of {@code e}, e.g. {@code no such file or folder: /store/layers/ab12}. */
  static String of(Throwable e) {
    Throwable fault = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
    String text;
    if (fault instanceof OutOfMemoryError) {
      return "this process ran out of memory" + (fault.getMessage() == null ? "" : " (" + fault.getMessage() + ")");
    } else if (fault instanceof StackOverflowError) {
      return "something in the template nests too deep for this process to work through";
    } else if (fault instanceof FileSystemException f && f.getReason() == null && f.getFile() != null) {
      // These exceptions say only the file; their class is what went wrong.
      text = kind(f) + ": " + f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile());
    } else if (fault.getMessage() != null && !fault.getMessage().isBlank()) {
      text = fault.getMessage();
    } else {
      text = "an unexpected internal error";
    }
    // A wrapping exception's message is its cause's toString(), class name first.
    text = JAVA_CLASS.matcher(text).replaceAll("");
    return text.lines().findFirst().orElse(text).strip();
  }

  private static String kind(FileSystemException f) {
    if (f instanceof NoSuchFileException) {
      return "no such file or folder";
    }
    if (f instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (f instanceof FileAlreadyExistsException) {
      return "already exists";
    }
    if (f instanceof DirectoryNotEmptyException) {
      return "folder not empty";
    }
    if (f instanceof NotDirectoryException) {
      return "not a folder";
    }
    return "file system error";
  }
}
