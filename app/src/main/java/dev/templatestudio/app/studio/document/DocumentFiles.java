package dev.templatestudio.app.studio.document;

import dev.templatestudio.bridge.io.AtomicWrite;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.TemplateFormatException;
import dev.templatestudio.bridge.template.TemplateJson;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reading and writing template documents, with every failure turned into one sentence that
 * names the file. Blocking I/O: call it from a background task, never the FX thread.
 */
public final class DocumentFiles {
  /** The file name ending of template documents. */
  public static final String EXTENSION = ".template.json";

  private DocumentFiles() {}

  /** Reads a template document. */
  public static Template read(Path file) throws UserFacingException {
    try {
      // The one strict reader: a byte that is not UTF-8 is a format error at its line and column.
      return TemplateJson.read(file);
    } catch (TemplateFormatException e) {
      throw new UserFacingException(e.getMessage());
    } catch (NoSuchFileException e) {
      throw new UserFacingException("There is no file " + file + ".");
    } catch (IOException e) {
      throw new UserFacingException("Cannot read " + file + ": " + e.getMessage() + ".");
    }
  }

  /** Writes a template document atomically: readers see the old file or the new, never half. */
  public static void write(Path file, Template template) throws UserFacingException {
    try {
      AtomicWrite.writeString(file, TemplateJson.write(template));
    } catch (IOException e) {
      throw new UserFacingException("Cannot save " + file + ": " + e.getMessage() + ".");
    }
  }

  /** {@code file} with the template ending added when the user typed a bare name. */
  public static Path withExtension(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".json") ? file : file.resolveSibling(name + EXTENSION);
  }
}
