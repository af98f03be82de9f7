package dev.templatestudio.bridge.dockerfile;

import dev.templatestudio.bridge.template.Template;
import java.util.List;

/**
 * What importing a Dockerfile gave: the template (as much as could be understood, never null),
 * the diagnostics in line order and, for each step of the template, the place of the
 * instruction it came from (so an editor can point at the source of a step's problem);
 * {@code stagePlaces} the same for the steps of each build stage, in the template's order.
 */
public record ImportResult(Template template, List<Diagnostic> diagnostics, List<Place> stepPlaces,
    List<List<Place>> stagePlaces) {
  public ImportResult {
    diagnostics = List.copyOf(diagnostics);
    stepPlaces = List.copyOf(stepPlaces);
    stagePlaces = stagePlaces.stream().map(List::copyOf).toList();
  }

  public ImportResult(Template template, List<Diagnostic> diagnostics, List<Place> stepPlaces) {
    this(template, diagnostics, stepPlaces, List.of());
  }

  public ImportResult(Template template, List<Diagnostic> diagnostics) {
    this(template, diagnostics, List.of());
  }

  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }

  /** A line and column (both from 1) in the imported file. */
  public record Place(int line, int column) {}
}
