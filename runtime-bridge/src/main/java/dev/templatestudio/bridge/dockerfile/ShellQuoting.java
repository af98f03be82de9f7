package dev.templatestudio.bridge.dockerfile;

import java.util.List;

/**
 * Quoting for the two languages a rendered Dockerfile mixes: POSIX shell (commands that
 * {@code /bin/sh} reads) and Docker's own word syntax (ENV, ARG, COPY, WORKDIR, USER, FROM).
 * Pure functions; thread-safe.
 */
public final class ShellQuoting {
  private ShellQuoting() {}

  /** {@code s} as one POSIX shell word: unchanged when it is safe, else in single quotes. */
  public static String posix(String s) {
    if (!s.isEmpty() && isPosixSafe(s)) {
      return s;
    }
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /**
   * A path or name the template keeps with its {@code $} references as written ({@code \$} for a
   * literal dollar, as in a copy step's destination) as one POSIX shell word that expands those
   * references: unchanged when it is safe, else in double quotes. A command substitution is
   * escaped, never run.
   */
  static String expanding(String s) {
    if (!s.isEmpty() && isPosixSafe(s)) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '$') {
        out.append("\\$");
        i++;
      } else if (c == '\\' || c == '"' || c == '`' || (c == '$' && i + 1 < s.length() && s.charAt(i + 1) == '(')) {
        out.append('\\').append(c);
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  /** An argument vector as one shell command line, each word quoted where needed. */
  public static String joinArgv(List<String> argv) {
    StringBuilder out = new StringBuilder();
    for (String word : argv) {
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append(posix(word));
    }
    return out.toString();
  }

  static boolean isPosixSafe(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "_@%+=:,./-".indexOf(c) >= 0;
      if (!safe) {
        return false;
      }
    }
    return true;
  }

  /**
   * A Docker word whose word processing ({@link DockerWords#process}) gives back {@code v}:
   * unchanged when plain, else in double quotes. {@code $} references stay as written, so
   * Docker expands them the way the template means.
   */
  static String dockerWord(String v) {
    if (!v.isEmpty() && isDockerPlain(v)) {
      return v;
    }
    StringBuilder out = new StringBuilder(v.length() + 2).append('"');
    escapeInto(out, v, false);
    return out.append('"').toString();
  }

  /** Like {@link #dockerWord} but without quotes, for elements of a JSON-form argument list. */
  static String dockerBare(String v) {
    StringBuilder out = new StringBuilder(v.length());
    escapeInto(out, v, true);
    return out.toString();
  }

  /**
   * Docker's backslash escaping: quotes and backslashes escaped, {@code \$} kept as an escaped
   * dollar; single quotes too when the word is not inside double quotes.
   */
  private static void escapeInto(StringBuilder out, String v, boolean singleQuotes) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '"' || (singleQuotes && c == '\'')) {
        out.append('\\').append(c);
      } else if (c == '\\') {
        if (i + 1 < v.length() && v.charAt(i + 1) == '$') {
          out.append("\\$");
          i++;
        } else {
          out.append("\\\\");
        }
      } else {
        out.append(c);
      }
    }
  }

  /** A FROM reference with every character Docker would expand or unquote escaped. */
  static String fromReference(String v) {
    StringBuilder out = new StringBuilder(v.length());
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '$' || c == '\\' || c == '"' || c == '\'') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  /** True when {@code v} needs no quotes as a Docker word: no space, quote, backslash or control. */
  static boolean isDockerPlain(String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c <= ' ' || c == '"' || c == '\'' || c == '\\' || c == 0x7f || Character.isWhitespace(c)
          || Character.isISOControl(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * True when {@code s} holds a character that cannot stand on a Dockerfile line as is: a line
   * break, or a NUL (the importer takes a file with NUL bytes for a binary file).
   */
  public static boolean cannotStandOnALine(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\n' || c == '\r' || c == '\0') {
        return true;
      }
    }
    return false;
  }
}
