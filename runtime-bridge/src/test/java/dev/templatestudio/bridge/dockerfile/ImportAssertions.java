package dev.templatestudio.bridge.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.template.Problem.Severity;
import dev.templatestudio.bridge.template.Template;

/** Shared helpers of the importer tests. */
final class ImportAssertions {
  private ImportAssertions() {}

  static ImportResult imp(String text) {
    return DockerfileImporter.importText(text, "Dockerfile");
  }

  /** Imports text that must give no diagnostic at all. */
  static Template clean(String text) {
    ImportResult r = imp(text);
    assertThat(r.diagnostics()).as("diagnostics of\n%s", text).isEmpty();
    return r.template();
  }

  /** Asserts a diagnostic at exactly this place and returns it. */
  static Diagnostic diagnostic(ImportResult r, int line, int column, Severity severity,
      String fragment) {
    assertThat(r.diagnostics())
        .as("diagnostics")
        .anySatisfy(d -> {
          assertThat(d.line()).isEqualTo(line);
          assertThat(d.column()).isEqualTo(column);
          assertThat(d.severity()).isEqualTo(severity);
          assertThat(d.message()).contains(fragment);
        });
    return r.diagnostics().stream().filter(d -> d.line() == line && d.column() == column)
        .findFirst().orElseThrow();
  }
}
