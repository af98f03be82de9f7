package dev.templatestudio.bridge.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Docker's word syntax (BuildKit's shell lexer) for ENV, ARG, COPY, WORKDIR, USER and FROM:
 * splitting into words, removing quotes and escapes. Outside FROM, {@code $} references are
 * kept as written (with {@code \$} for a literal dollar) because they expand at build time in
 * the image's environment, which an importer cannot know. Pure; thread-safe.
 */
final class DockerWords {
  private DockerWords() {}

  /** A word and where it starts in the text it was split from. */
  record Word(String text, int offset) {}

  /** The value of a word, or where and why it could not be read. */
  record Processed(String value, int errorOffset, String error) {
    boolean ok() {
      return error == null;
    }
  }

  /** Splits on blanks outside quotes; quotes and escapes stay in the words. */
  static List<Word> split(String s, char escape) {
    List<Word> out = new ArrayList<>();
    int start = -1;
    char quote = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (start < 0) {
        if (DockerfileLexer.isBlank(c)) {
          continue;
        }
        start = i;
      }
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else if (c == escape && quote == '"') {
          i++;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == escape) {
        i++;
      } else if (DockerfileLexer.isBlank(c)) {
        out.add(new Word(s.substring(start, i), start));
        start = -1;
      }
    }
    if (start >= 0) {
      out.add(new Word(s.substring(start), start));
    }
    return out;
  }

  /** Splits on blanks only, as BuildKit does for COPY and ADD arguments. */
  static List<Word> splitOnBlanks(String s) {
    List<Word> out = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= s.length(); i++) {
      boolean blank = i == s.length() || DockerfileLexer.isBlank(s.charAt(i));
      if (blank && start >= 0) {
        out.add(new Word(s.substring(start, i), start));
        start = -1;
      } else if (!blank && start < 0) {
        start = i;
      }
    }
    return out;
  }

  /** Removes quotes and escapes; {@code $} references stay, a literal dollar as {@code \$}. */
  static Processed process(String w, char escape) {
    StringBuilder out = new StringBuilder(w.length());
    for (int i = 0; i < w.length(); i++) {
      char c = w.charAt(i);
      if (c == '\'') {
        int end = w.indexOf('\'', i + 1);
        if (end < 0) {
          return new Processed(null, i, "this single quote is never closed");
        }
        for (int k = i + 1; k < end; k++) {
          char q = w.charAt(k);
          out.append(q == '$' ? "\\$" : String.valueOf(q));
        }
        i = end;
      } else if (c == '"') {
        int open = i;
        for (i++; i < w.length() && w.charAt(i) != '"'; i++) {
          char q = w.charAt(i);
          if (q == escape && i + 1 < w.length()) {
            char n = w.charAt(i + 1);
            if (n == '"' || n == escape) {
              out.append(n);
              i++;
              continue;
            }
            if (n == '$') {
              out.append("\\$");
              i++;
              continue;
            }
          }
          out.append(q);
        }
        if (i >= w.length()) {
          return new Processed(null, open, "this double quote is never closed");
        }
      } else if (c == escape && i + 1 < w.length()) {
        char n = w.charAt(++i);
        out.append(n == '$' ? "\\$" : String.valueOf(n));
      } else {
        out.append(c);
      }
    }
    return new Processed(out.toString(), -1, null);
  }

  /**
   * Expands a FROM reference as BuildKit does with the ARGs declared before FROM: {@code $V},
   * {@code ${V}}, {@code ${V:-default}}, {@code ${V-default}}, {@code ${V:+alt}},
   * {@code ${V+alt}}; quotes and escapes removed. Undeclared names expand to nothing and are
   * added to {@code undeclared}.
   */
  static Processed expand(String w, Map<String, String> args, char escape, List<String> undeclared) {
    StringBuilder out = new StringBuilder(w.length());
    char quote = 0;
    for (int i = 0; i < w.length(); i++) {
      char c = w.charAt(i);
      if (quote == '\'') {
        if (c == '\'') {
          quote = 0;
        } else {
          out.append(c);
        }
      } else if (c == '"') {
        quote = quote == '"' ? 0 : '"';
      } else if (c == '\'' && quote == 0) {
        quote = '\'';
      } else if (c == escape && i + 1 < w.length()) {
        out.append(w.charAt(++i));
      } else if (c == '$' && i + 1 < w.length()) {
        int end = reference(w, i, args, out, undeclared);
        if (end < 0) {
          return new Processed(null, i, "this ${ is never closed");
        }
        i = end;
      } else {
        out.append(c);
      }
    }
    if (quote != 0) {
      return new Processed(null, w.lastIndexOf(quote), "this quote is never closed");
    }
    return new Processed(out.toString(), -1, null);
  }

  /** Expands the reference at {@code i}; the index of its last character, or -1 when unclosed. */
  private static int reference(String w, int i, Map<String, String> args, StringBuilder out,
      List<String> undeclared) {
    if (w.charAt(i + 1) != '{') {
      int end = i + 1;
      while (end < w.length() && isNameChar(w.charAt(end))) {
        end++;
      }
      if (end == i + 1) {
        out.append('$');
        return i;
      }
      out.append(value(w.substring(i + 1, end), args, undeclared));
      return end - 1;
    }
    int close = w.indexOf('}', i + 2);
    if (close < 0) {
      return -1;
    }
    String inner = w.substring(i + 2, close);
    int op = 0;
    while (op < inner.length() && isNameChar(inner.charAt(op))) {
      op++;
    }
    String name = inner.substring(0, op);
    String rest = inner.substring(op);
    boolean set = args.containsKey(name);
    String v = args.getOrDefault(name, "");
    if (rest.startsWith(":-")) {
      out.append(v.isEmpty() ? rest.substring(2) : v);
    } else if (rest.startsWith("-")) {
      out.append(set ? v : rest.substring(1));
    } else if (rest.startsWith(":+")) {
      out.append(v.isEmpty() ? "" : rest.substring(2));
    } else if (rest.startsWith("+")) {
      out.append(set ? rest.substring(1) : "");
    } else {
      out.append(value(name, args, undeclared));
    }
    return close;
  }

  private static String value(String name, Map<String, String> args, List<String> undeclared) {
    if (!args.containsKey(name)) {
      undeclared.add(name);
      return "";
    }
    return args.get(name);
  }

  private static boolean isNameChar(char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
