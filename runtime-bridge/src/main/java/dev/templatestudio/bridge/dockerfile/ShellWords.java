package dev.templatestudio.bridge.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a POSIX shell command into plain words and {@code &&}, for recognising idioms. It
 * answers only for the simple case: anything the shell would expand or redirect (a {@code $},
 * a backquote, a glob, a redirection, a pipe, a leading {@code ~} or {@code #}) makes it give up,
 * because then the words are not what the shell would run.
 */
final class ShellWords {
  /** The {@code &&} operator in a split command; never equal to a word that was quoted. */
  static final String AND = "\u0000&&";

  private ShellWords() {}

  /** The words and {@link #AND} operators of {@code command}, or null when it is not that simple. */
  static List<String> split(String command) {
    List<String> out = new ArrayList<>();
    StringBuilder word = null;
    int n = command.length();
    for (int i = 0; i < n; i++) {
      char c = command.charAt(i);
      if (c == ' ' || c == '\t') {
        if (word != null) {
          out.add(word.toString());
          word = null;
        }
        continue;
      }
      if (c == '&') {
        if (word != null || i + 1 >= n || command.charAt(i + 1) != '&') {
          return null;
        }
        out.add(AND);
        i++;
        continue;
      }
      if (word == null) {
        if (c == '~' || c == '#') {
          return null;
        }
        word = new StringBuilder();
      }
      if (c == '\'') {
        int end = command.indexOf('\'', i + 1);
        if (end < 0) {
          return null;
        }
        word.append(command, i + 1, end);
        i = end;
      } else if (c == '"') {
        i = doubleQuoted(command, i + 1, word);
        if (i < 0) {
          return null;
        }
      } else if (c == '\\') {
        if (i + 1 >= n || command.charAt(i + 1) == '\n') {
          return null;
        }
        word.append(command.charAt(++i));
      } else if ("$`*?[<>|;()\n\r{}".indexOf(c) >= 0) {
        return null;
      } else {
        word.append(c);
      }
    }
    if (word != null) {
      out.add(word.toString());
    }
    return out;
  }

  /** Reads a double-quoted part starting after the quote; the index of the closing quote, or -1. */
  private static int doubleQuoted(String s, int i, StringBuilder word) {
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        return i;
      }
      if (c == '$' || c == '`') {
        return -1;
      }
      if (c == '\\' && i + 1 < s.length() && "\"\\$`".indexOf(s.charAt(i + 1)) >= 0) {
        word.append(s.charAt(++i));
      } else if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
        return -1;
      } else {
        word.append(c);
      }
    }
    return -1;
  }
}
