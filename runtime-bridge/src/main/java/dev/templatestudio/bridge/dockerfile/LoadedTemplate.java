package dev.templatestudio.bridge.dockerfile;

import dev.templatestudio.bridge.template.Template;
import java.nio.file.Path;
import java.util.List;

/**
 * A template loaded from a source by {@link TemplateSources#load}: what the command line and the
 * studio both get from a file they are given.
 *
 * @param template      the template (from a Dockerfile: as much as could be understood; never null)
 * @param diagnostics   what the Dockerfile's import found, in line order; empty for a template document
 * @param suggestedName the name to publish it under when nobody gives one: the template's own,
 *                      else one made from its file and folder ({@link TemplateSources#nameFor})
 * @param file          the file read: the source itself, or the Dockerfile or template found in a folder
 * @param kind          what that file was
 * @param dockerfile    the Dockerfile's text as it was read; null for a template document
 * @param stepPlaces    for each step of a Dockerfile's template, the instruction it came from; empty
 *                      for a template document
 */
public record LoadedTemplate(Template template, List<Diagnostic> diagnostics, String suggestedName, Path file,
    Kind kind, String dockerfile, List<ImportResult.Place> stepPlaces) {

  /** What a template source turned out to be. */
  public enum Kind {
    /** A template document ({@code *.template.json}). */
    TEMPLATE,
    /** A Dockerfile, imported. */
    DOCKERFILE
  }

  public LoadedTemplate {
    diagnostics = List.copyOf(diagnostics);
    stepPlaces = List.copyOf(stepPlaces);
  }

  /** Where step {@code step} (1-based) came from in the Dockerfile; null when not known. */
  public ImportResult.Place placeOf(int step) {
    return step >= 1 && step <= stepPlaces.size() ? stepPlaces.get(step - 1) : null;
  }

  /** Whether the import found an error (the template then is not what the Dockerfile says). */
  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }
}
