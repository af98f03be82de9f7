package dev.templatestudio.bridge.template;

import java.util.Map;

/**
 * What a {@code $} means in the template values that Docker expands (env values, build envs,
 * workdir path, user name, a copy step's sources, destination and user, a run step's user):
 * BuildKit's word expansion, on a value whose quotes are already gone. {@code $NAME},
 * {@code ${NAME}}, {@code ${NAME:-word}}, {@code ${NAME-word}}, {@code ${NAME:+word}},
 * {@code ${NAME+word}}, {@code ${NAME:?message}} and {@code ${NAME?message}} expand, an unset
 * name to nothing; {@code \$} is a literal dollar; every other character, a backslash too, is
 * itself. This is the value convention of the Dockerfile importer and renderer
 * (docs/DOCKERFILE.md), so a template means what its Dockerfile means. Pure; thread-safe.
 */
public final class WordExpansion {
  /**
   * How deep {@code ${…}} may nest in one value. Expansion recurses per level: without a limit a
   * value of a few hundred kilobytes overflowed the stack of the thread expanding it.
   */
  public static final int MAX_NESTING = 64;

  private WordExpansion() {}

  /** A value that cannot be expanded, with the sentence saying why. */
  public static final class Unexpandable extends Exception {
    Unexpandable(String message) {
      super(message);
    }
  }

  /** True when {@code value} has a {@code $}, so that expanding it may change it. */
  public static boolean expands(String value) {
    return value != null && value.indexOf('$') >= 0;
  }

  /** {@code value} expanded with {@code vars} (a name absent from it is unset). */
  public static String expand(String value, Map<String, String> vars) throws Unexpandable {
    if (!expands(value)) {
      return value;
    }
    return new Expander(value, vars).word(false);
  }

  /** One expansion: a cursor over the value. */
  private static final class Expander {
    private static final String SPECIAL_PARAMETERS = "@*#?-$!0";
    private final String s;
    private final Map<String, String> vars;
    private int i;
    /** How many {@code ${…}} words the cursor is inside. */
    private int depth;

    Expander(String s, Map<String, String> vars) {
      this.s = s;
      this.vars = vars;
    }

    /** The text up to the end, or up to and past the {@code }} closing a {@code ${…}} word. */
    String word(boolean inBraces) throws Unexpandable {
      StringBuilder out = new StringBuilder(s.length());
      while (i < s.length()) {
        char c = s.charAt(i);
        if (inBraces && c == '}') {
          i++;
          return out.toString();
        }
        if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '$') {
          out.append('$');
          i += 2;
        } else if (c == '$') {
          out.append(dollar());
        } else {
          out.append(c);
          i++;
        }
      }
      if (inBraces) {
        throw new Unexpandable("a \"${\" is never closed with \"}\"");
      }
      return out.toString();
    }

    /** Expands the reference at {@code i} (a {@code $}) and moves past it. */
    private String dollar() throws Unexpandable {
      int start = i++;
      if (i >= s.length() || s.charAt(i) != '{') {
        String name = name();
        return name.isEmpty() ? "$" : vars.getOrDefault(name, "");
      }
      i++;
      if (i >= s.length()) {
        throw new Unexpandable("a \"${\" is never closed with \"}\"");
      }
      String name = name();
      if (name.isEmpty() || i >= s.length()) {
        throw new Unexpandable(i >= s.length() ? "a \"${\" is never closed with \"}\""
            : "\"" + s.substring(start, Math.min(s.length(), i + 1)) + "\" is a bad substitution");
      }
      char op = s.charAt(i++);
      if (op == '}') {
        return vars.getOrDefault(name, "");
      }
      if (depth == MAX_NESTING) {
        throw new Unexpandable("\"${\" is nested more than " + MAX_NESTING + " deep");
      }
      boolean nullIsUnset = op == ':';
      if (nullIsUnset) {
        op = i < s.length() ? s.charAt(i++) : 0;
      }
      if (op != '-' && op != '+' && op != '?') {
        throw new Unexpandable("\"" + s.substring(start, Math.min(s.length(), i)) + "…\": only ${NAME}, "
            + "${NAME:-default}, ${NAME-default}, ${NAME:+alt}, ${NAME+alt}, ${NAME:?message} and "
            + "${NAME?message} are supported");
      }
      depth++;
      String word = word(true);
      depth--;
      String value = vars.get(name);
      boolean unset = value == null || (nullIsUnset && value.isEmpty());
      if (op == '-') {
        return unset ? word : value;
      }
      if (op == '+') {
        return unset ? "" : word;
      }
      if (unset) {
        throw new Unexpandable(name + ": " + (word.isEmpty()
            ? (value == null ? "is not allowed to be unset" : "is not allowed to be empty") : word));
      }
      return value;
    }

    /** A variable name (letters, digits, _), a run of digits, or one special parameter. */
    private String name() {
      int start = i;
      if (i < s.length() && Character.isDigit(s.charAt(i))) {
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
          i++;
        }
      } else if (i < s.length() && SPECIAL_PARAMETERS.indexOf(s.charAt(i)) >= 0) {
        i++;
      } else {
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
          i++;
        }
      }
      return s.substring(start, i);
    }
  }
}
