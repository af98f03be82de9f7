package dev.templatestudio.bridge.dockerfile;

import dev.templatestudio.bridge.template.Problem.Severity;
import java.util.Locale;

/** A message about an imported file, with its place; printed as {@code FILE:LINE:COL: warning|error: MESSAGE}. */
public record Diagnostic(String file, int line, int column, Severity severity, String message) {

  public static Diagnostic error(String file, int line, int column, String message) {
    return new Diagnostic(file, line, column, Severity.ERROR, message);
  }

  public static Diagnostic warning(String file, int line, int column, String message) {
    return new Diagnostic(file, line, column, Severity.WARNING, message);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** The one-line form of CONTRACT.md §2. */
  public String format() {
    return file + ":" + line + ":" + column + ": " + severity.name().toLowerCase(Locale.ROOT)
        + ": " + message;
  }

  @Override
  public String toString() {
    return format();
  }
}
