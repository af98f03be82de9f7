package dev.templatestudio.bridge.template;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The one rule for a template's name and tags, used by the validator, the store and every
 * runtime that publishes: a name the validator passes is then one the store can find again.
 * Stateless.
 */
public final class TemplateNames {
  /** Image-name components joined by single separators, as the store resolves names. */
  public static final Pattern NAME = Pattern.compile("[a-z0-9]+(?:[._-][a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final int MAX_NAME = 128;
  /** How to write a valid name, as the end of a sentence about one that is not. */
  public static final String NAME_RULE = "use lowercase letters and digits, with single . _ or - between them "
      + "(like an image name, at most " + MAX_NAME + ")";
  /** How to write a valid tag, as the end of a sentence about one that is not. */
  public static final String TAG_RULE = "use letters, digits and . _ -, starting with a letter, digit or _ "
      + "(at most 128)";

  private TemplateNames() {}

  public static boolean isValidName(String name) {
    return name != null && name.length() <= MAX_NAME && NAME.matcher(name).matches();
  }

  public static boolean isValidTag(String tag) {
    return tag != null && TAG.matcher(tag).matches();
  }

  /** Why {@code name} and {@code tags} cannot publish a template, as one sentence; null when they can. */
  public static String publishProblem(String name, List<String> tags) {
    if (!isValidName(name)) {
      return "\"" + name + "\" cannot be a template name: " + NAME_RULE;
    }
    for (String tag : tags) {
      if (!isValidTag(tag)) {
        return "\"" + tag + "\" cannot be a tag: " + TAG_RULE;
      }
    }
    return null;
  }
}
