package dev.templatestudio.bridge.template;

import java.util.regex.Pattern;

/**
 * Copy-source patterns with the rules of Go's {@code filepath.Match}, as Docker's {@code COPY}
 * uses them: {@code *} is any run of characters, {@code ?} one character, {@code [...]} a
 * class ({@code [^...]} negated, {@code a-z} ranges, {@code \} escapes), and none of them
 * crosses a {@code /}: a pattern is matched one path segment at a time, and {@code **} is
 * nothing special. Stateless and thread-safe.
 */
public final class GlobPattern {
  private GlobPattern() {}

  /** A pattern segment that is not valid Go {@code filepath.Match} syntax. */
  public static final class BadPattern extends Exception {
    private static final long serialVersionUID = 1L;

    BadPattern(String message) {
      super(message);
    }
  }

  /** True when {@code s} holds a wildcard ({@code * ? [}) not escaped by {@code \}. */
  public static boolean hasMeta(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '*' || c == '?' || c == '[') {
        return true;
      }
    }
    return false;
  }

  /** Null when every segment of {@code pattern} is valid, else why not (a phrase). */
  public static String problem(String pattern) {
    for (String segment : pattern.split("/", -1)) {
      try {
        compile(segment);
      } catch (BadPattern e) {
        return e.getMessage();
      }
    }
    return null;
  }

  /** The regex that matches one path segment (a name without {@code /}) as {@code segment} does. */
  public static Pattern compile(String segment) throws BadPattern {
    StringBuilder re = new StringBuilder();
    int i = 0;
    while (i < segment.length()) {
      char c = segment.charAt(i);
      if (c == '*') {
        re.append("[^/]*");
        i++;
      } else if (c == '?') {
        re.append("[^/]");
        i++;
      } else if (c == '[') {
        i = charClass(segment, i + 1, re);
      } else if (c == '\\') {
        if (i + 1 >= segment.length()) {
          throw new BadPattern("\"" + segment + "\" ends with an escaping \\");
        }
        re.append(literal(segment.charAt(i + 1)));
        i += 2;
      } else {
        re.append(literal(c));
        i++;
      }
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }

  /** Appends the class that starts after {@code [} at {@code i}; returns the index after {@code ]}. */
  private static int charClass(String s, int i, StringBuilder re) throws BadPattern {
    boolean negated = i < s.length() && s.charAt(i) == '^';
    if (negated) {
      i++;
    }
    StringBuilder ranges = new StringBuilder();
    int count = 0;
    while (true) {
      if (i >= s.length()) {
        throw new BadPattern("\"" + s + "\" has a [ without its closing ]");
      }
      if (s.charAt(i) == ']' && count > 0) {
        if (ranges.length() == 0) {
          // Only reversed ranges, which Go never matches: nothing, or anything when negated.
          re.append(negated ? "." : "(?!)");
        } else {
          re.append(negated ? "[^" : "[").append(ranges).append(']');
        }
        return i + 1;
      }
      char lo = escaped(s, i);
      i += s.charAt(i) == '\\' ? 2 : 1;
      char hi = lo;
      if (i < s.length() && s.charAt(i) == '-') {
        hi = escaped(s, i + 1);
        i += s.charAt(i + 1) == '\\' ? 3 : 2;
      }
      if (lo <= hi) {
        ranges.append(literal(lo)).append('-').append(literal(hi));
      }
      count++;
    }
  }

  /** The class character at {@code i}, unescaped; Go refuses a bare {@code -} or {@code ]} there. */
  private static char escaped(String s, int i) throws BadPattern {
    if (i >= s.length()) {
      throw new BadPattern("\"" + s + "\" has a [ without its closing ]");
    }
    char c = s.charAt(i);
    if (c == '-' || c == ']') {
      throw new BadPattern("\"" + s + "\" has a bare '" + c + "' inside [...]; escape it with \\");
    }
    if (c == '\\') {
      if (i + 1 >= s.length()) {
        throw new BadPattern("\"" + s + "\" ends with an escaping \\");
      }
      return s.charAt(i + 1);
    }
    return c;
  }

  private static String literal(char c) {
    return String.format("\\x{%x}", (int) c);
  }
}
