package dev.templatestudio.app.cli;

import dev.templatestudio.bridge.dockerfile.LoadedTemplate;
import dev.templatestudio.bridge.dockerfile.TemplateSourceException;
import dev.templatestudio.bridge.dockerfile.TemplateSources;
import dev.templatestudio.bridge.template.Template;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * Loads the FILE argument of a subcommand through the bridge's one loader of template sources
 * (a template document, a Dockerfile, or a folder holding one), as the studio does.
 */
final class TemplateFiles {
  private TemplateFiles() {}

  /**
   * Reads a template; a Dockerfile is imported, with its diagnostics on {@code err}.
   *
   * @throws CliException naming the file and the place when it cannot be read or imported
   */
  static Template load(Path file, PrintWriter err) {
    return loadSource(file, err).template();
  }

  /** {@link #load}, with what else the loader found: the file read and the name it suggests. */
  static LoadedTemplate loadSource(Path file, PrintWriter err) {
    LoadedTemplate loaded = loadWithDiagnostics(file, err);
    if (loaded.hasErrors()) {
      throw new CliException(loaded.file() + " could not be imported; see the errors above");
    }
    return loaded;
  }

  /** Loads {@code file} and prints the import's diagnostics on {@code err}, errors or not. */
  static LoadedTemplate loadWithDiagnostics(Path file, PrintWriter err) {
    LoadedTemplate loaded;
    try {
      loaded = TemplateSources.load(file);
    } catch (TemplateSourceException e) {
      throw new CliException(e.getMessage());
    }
    loaded.diagnostics().forEach(d -> err.println(d.format()));
    err.flush();
    return loaded;
  }
}
