package dev.templatestudio.bridge.template;

import java.util.Locale;

/**
 * One thing wrong (or doubtful) in a template, with its place.
 *
 * @param step  -1 for the template as a whole, 0 for the base, 1…N for the steps (the same
 *              numbering as build events)
 * @param field the JSON path of the value below the template root, such as
 *              {@code steps[2].packages}
 */
public record Problem(Severity severity, int step, String field, String message) {

  /** How bad a problem is: an error blocks a build, a warning does not. */
  public enum Severity { ERROR, WARNING }

  public static Problem error(int step, String field, String message) {
    return new Problem(Severity.ERROR, step, field, message);
  }

  public static Problem warning(int step, String field, String message) {
    return new Problem(Severity.WARNING, step, field, message);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** The place in words: {@code step 3, packages} or {@code template, name}. */
  public String place() {
    String leaf = field.contains(".") ? field.substring(field.lastIndexOf('.') + 1) : field;
    return switch (step) {
      case -1 -> leaf;
      case 0 -> "base";
      default -> "step " + step + ", " + leaf;
    };
  }

  @Override
  public String toString() {
    return place() + ": " + severity.name().toLowerCase(Locale.ROOT) + ": " + message;
  }
}
