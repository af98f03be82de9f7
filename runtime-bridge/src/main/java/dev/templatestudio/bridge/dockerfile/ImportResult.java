package dev.templatestudio.bridge.dockerfile;

import dev.templatestudio.bridge.template.Template;
import java.util.List;

/**
 * What importing a Dockerfile gave: the template (as much as could be understood, never null)
 * and the diagnostics in line order.
 */
public record ImportResult(Template template, List<Diagnostic> diagnostics) {
  public ImportResult {
    diagnostics = List.copyOf(diagnostics);
  }

  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }
}
