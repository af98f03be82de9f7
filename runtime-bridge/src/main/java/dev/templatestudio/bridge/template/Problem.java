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

  /**
   * The place in words: for a step {@code step 3, sources[0]} (the path below the step), else
   * the whole path, such as {@code start.ready.port} or {@code base.image}.
   */
  public String place() {
    if (step < 1) {
      return field;
    }
    String prefix = "steps[" + (step - 1) + "]";
    String below = field.startsWith(prefix) ? field.substring(prefix.length()) : field;
    below = below.startsWith(".") ? below.substring(1) : below;
    return below.isEmpty() ? "step " + step : "step " + step + ", " + below;
  }

  @Override
  public String toString() {
    return place() + ": " + severity.name().toLowerCase(Locale.ROOT) + ": " + message;
  }
}
