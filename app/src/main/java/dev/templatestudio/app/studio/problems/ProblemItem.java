package dev.templatestudio.app.studio.problems;

/**
 * One row of the problems list: a validation problem of the template or a diagnostic of the
 * Dockerfile import.
 *
 * @param part  the card it belongs to (0 base, 1…N steps), -1 for the template as a whole
 * @param line  the Dockerfile line of an import diagnostic, 0 for validation problems
 * @param field the JSON path of the value, such as {@code steps[2].packages}; "" for diagnostics
 */
public record ProblemItem(boolean error, String place, String message, int part, int line, String field) {

  /** The row's text. */
  public String text() {
    return place + ": " + message;
  }
}
