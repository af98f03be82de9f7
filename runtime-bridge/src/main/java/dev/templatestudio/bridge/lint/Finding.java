package dev.templatestudio.bridge.lint;

import java.util.Locale;

/**
 * One thing that makes a template slow to build or fragile, with its rule, its place and the fix.
 *
 * @param rule     the rule's id, such as {@code APT-LISTS} ({@link LintRule})
 * @param step     -1 for the template as a whole, 0 for the base, 1…N for the steps (the numbering
 *                 users see, as in build events and validation problems)
 * @param field    the JSON path of the value below the template root, such as
 *                 {@code steps[2].command}
 * @param message  what is wrong and why it matters, one sentence
 * @param fix      what to change, one sentence
 */
public record Finding(String rule, Severity severity, int step, String field, String message, String fix) {

  /** How much a finding matters: an error fails {@code template-studio lint}, the others do not. */
  public enum Severity {
    ERROR, WARNING, INFO;

    /** The lower-case word the command line and JSON use. */
    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** The place in words: {@code step 3}, {@code base} or a template-wide field such as {@code buildEnvs.NPM_TOKEN}. */
  public String place() {
    if (step > 0) {
      return "step " + step;
    }
    return step == 0 ? "base" : field;
  }

  /** The line the command line prints after the file: {@code step 3: APT-LISTS warning: … (fix: …)}. */
  public String format() {
    return place() + ": " + rule + " " + severity.word() + ": " + message + " (fix: " + fix + ")";
  }

  @Override
  public String toString() {
    return format();
  }
}
