package dev.templatestudio.app.cli;

import dev.templatestudio.bridge.dockerfile.DockerfileImporter;
import dev.templatestudio.bridge.dockerfile.ImportResult;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.TemplateFormatException;
import dev.templatestudio.bridge.template.TemplateJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads the FILE argument of a subcommand: a template document or, failing that, a Dockerfile. */
final class TemplateFiles {
  private TemplateFiles() {}

  /** True when the file is a template document rather than a Dockerfile. */
  static boolean isTemplateJson(Path file, String text) {
    String name = file.getFileName().toString();
    return name.endsWith(".json") || text.stripLeading().startsWith("{");
  }

  /**
   * Reads a template; a Dockerfile is imported, with its diagnostics on {@code err}.
   *
   * @throws CliException naming the file and the place when it cannot be read
   */
  static Template load(Path file, PrintWriter err) {
    checkReadable(file);
    String text = readText(file);
    if (isTemplateJson(file, text)) {
      try {
        return TemplateJson.read(file);
      } catch (TemplateFormatException e) {
        throw new CliException(e.getMessage());
      } catch (IOException e) {
        throw new CliException("cannot read " + file + ": " + e.getMessage());
      }
    }
    ImportResult result = importDockerfile(file);
    result.diagnostics().forEach(d -> err.println(d.format()));
    if (result.hasErrors()) {
      throw new CliException(file + " could not be imported; see the errors above");
    }
    return result.template();
  }

  /** Imports a Dockerfile; bytes that are not text become a diagnostic, not an exception. */
  static ImportResult importDockerfile(Path file) {
    checkReadable(file);
    try {
      return DockerfileImporter.importFile(file);
    } catch (IOException e) {
      throw new CliException("cannot read " + file + ": " + e.getMessage());
    }
  }

  private static void checkReadable(Path file) {
    if (Files.isDirectory(file)) {
      throw new CliException(file + " is a folder, not a file");
    }
    if (!Files.exists(file)) {
      throw new CliException("no such file: " + file);
    }
  }

  private static String readText(Path file) {
    try {
      // Lenient, only to tell JSON from a Dockerfile: TemplateJson.read(Path) reads JSON strictly.
      return new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliException("cannot read " + file + ": " + e.getMessage());
    }
  }
}
