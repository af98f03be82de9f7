package dev.templatestudio.app.studio.logview;

/**
 * How find matches a query in a log line: ignoring case, character by character (as
 * {@link String#regionMatches(boolean, int, String, int, int)} does), occurrences not
 * overlapping. The search thread counts with it and the view selects with it, so both agree on
 * which occurrence is which.
 */
final class LogMatch {
  private LogMatch() {}

  /** {@code query} as matching compares it; match with the result. */
  static String fold(String query) {
    char[] c = query.toCharArray();
    for (int i = 0; i < c.length; i++) {
      c[i] = fold(c[i]);
    }
    return new String(c);
  }

  /** Where the first occurrence of {@code folded} at or after {@code from} starts in {@code text}; -1 for none. */
  static int indexOf(CharSequence text, String folded, int from) {
    int last = text.length() - folded.length();
    char first = folded.charAt(0);
    for (int i = Math.max(0, from); i <= last; i++) {
      if (fold(text.charAt(i)) == first && matchesAt(text, folded, i)) {
        return i;
      }
    }
    return -1;
  }

  /** How many times {@code folded} occurs in {@code text}. */
  static int count(CharSequence text, String folded) {
    int n = 0;
    for (int at = indexOf(text, folded, 0); at >= 0; at = indexOf(text, folded, at + folded.length())) {
      n++;
    }
    return n;
  }

  /** Where occurrence {@code n} (from 0) of {@code folded} starts in {@code text}; -1 when there are fewer. */
  static int nth(CharSequence text, String folded, int n) {
    int at = indexOf(text, folded, 0);
    for (int i = 0; i < n && at >= 0; i++) {
      at = indexOf(text, folded, at + folded.length());
    }
    return at;
  }

  /** How many occurrences of {@code folded} in {@code text} start before {@code column}. */
  static int before(CharSequence text, String folded, int column) {
    int n = 0;
    for (int at = indexOf(text, folded, 0); at >= 0 && at < column; at = indexOf(text, folded, at + folded.length())) {
      n++;
    }
    return n;
  }

  private static boolean matchesAt(CharSequence text, String folded, int at) {
    for (int k = 1; k < folded.length(); k++) {
      if (fold(text.charAt(at + k)) != folded.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static char fold(char c) {
    if (c < 128) {
      return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
    return Character.toLowerCase(Character.toUpperCase(c));
  }
}
