package dev.templatestudio.app.studio.problems;

/**
 * One row of the problems list: a validation problem of the template, a diagnostic of the
 * Dockerfile import, or a lint finding (docs/lint.md).
 *
 * @param part  the card it belongs to (0 base, 1…N steps), -1 for the template as a whole
 * @param line  the Dockerfile line of an import diagnostic, 0 for validation problems
 * @param field the JSON path of the value, such as {@code steps[2].packages}; "" for diagnostics
 * @param rule  the lint rule's id, such as {@code APT-LISTS}; null for problems and diagnostics
 */
public record ProblemItem(boolean error, String place, String message, int part, int line, String field,
    String rule) {

  /** The row's text. */
  public String text() {
    return place + ": " + message;
  }
}
