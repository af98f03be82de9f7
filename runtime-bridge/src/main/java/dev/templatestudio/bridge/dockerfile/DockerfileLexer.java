package dev.templatestudio.bridge.dockerfile;

import dev.templatestudio.bridge.dockerfile.Instruction.Heredoc;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits Dockerfile text into instructions and template-studio notes by BuildKit's rules:
 * parser directives only at the very top, line continuations with the escape character
 * (comment and empty lines inside them dropped), and heredocs for RUN, COPY and ADD. Linear
 * in the size of the text. Not thread-safe: one instance per file.
 */
final class DockerfileLexer {
  private static final Pattern DIRECTIVE =
      Pattern.compile("#[ \\t]*([a-zA-Z][a-zA-Z0-9]*)[ \\t]*=[ \\t]*(.*?)[ \\t]*");
  private static final Set<String> KNOWN_DIRECTIVES = Set.of("syntax", "escape", "check");
  private static final Set<String> HEREDOC_KEYWORDS = Set.of("RUN", "COPY", "ADD");
  private static final int LONGEST_DIRECTIVE = 4096;

  /** A {@code # template-studio: KIND VALUE} comment line. */
  record Note(int line, int column, String kind, String value) {}

  private final Diagnostics diagnostics;
  private final List<Object> nodes = new ArrayList<>();
  private String[] lines;
  private char escape = '\\';

  DockerfileLexer(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  /** The escape character in force: {@code \} unless a directive said backquote. */
  char escape() {
    return escape;
  }

  /** The instructions and notes of {@code text} in order (each an Instruction or a Note). */
  List<Object> lex(String text) {
    lines = splitLines(text);
    int i = directives();
    while (i < lines.length) {
      String l = lines[i];
      int start = firstNonBlank(l);
      if (start < 0) {
        i++;
      } else if (l.charAt(start) == '#') {
        comment(i, start);
        i++;
      } else {
        i = instruction(i, start);
      }
    }
    return nodes;
  }

  private static String[] splitLines(String text) {
    List<String> out = new ArrayList<>();
    int from = 0;
    while (from <= text.length()) {
      int nl = text.indexOf('\n', from);
      if (nl < 0 && from == text.length() && from > 0) {
        break;
      }
      int end = nl < 0 ? text.length() : nl;
      int cut = end > from && text.charAt(end - 1) == '\r' ? end - 1 : end;
      out.add(text.substring(from, cut));
      if (nl < 0) {
        break;
      }
      from = nl + 1;
    }
    return out.toArray(new String[0]);
  }

  /** Reads the parser directives at the top; the index of the first line after them. */
  private int directives() {
    Set<String> seen = new HashSet<>();
    int i = 0;
    for (; i < lines.length; i++) {
      Matcher m = directive(lines[i]);
      if (m == null || !KNOWN_DIRECTIVES.contains(m.group(1).toLowerCase(Locale.ROOT))) {
        return i;
      }
      String name = m.group(1).toLowerCase(Locale.ROOT);
      if (!seen.add(name)) {
        diagnostics.error(i + 1, m.start(1) + 1, "the parser directive " + name + " is given twice");
      } else if (name.equals("escape")) {
        String value = m.group(2);
        if (value.equals("\\") || value.equals("`")) {
          escape = value.charAt(0);
        } else {
          diagnostics.error(i + 1, m.start(2) + 1,
              "the escape directive takes \\ or ` (backquote), not \"" + Diagnostics.cut(value) + "\"");
        }
      }
    }
    return i;
  }

  private static Matcher directive(String line) {
    if (line.length() > LONGEST_DIRECTIVE || !line.startsWith("#")) {
      return null;
    }
    Matcher m = DIRECTIVE.matcher(line);
    return m.matches() ? m : null;
  }

  private void comment(int i, int start) {
    String l = lines[i];
    int at = start + 1;
    while (at < l.length() && (l.charAt(at) == ' ' || l.charAt(at) == '\t')) {
      at++;
    }
    if (l.startsWith(TemplateNotes.PREFIX, at)) {
      String rest = l.substring(at + TemplateNotes.PREFIX.length());
      rest = rest.startsWith(" ") ? rest.substring(1) : rest;
      int space = rest.indexOf(' ');
      String kind = space < 0 ? rest : rest.substring(0, space);
      String value = space < 0 ? "" : rest.substring(space + 1);
      nodes.add(new Note(i + 1, start + 1, kind, value));
      return;
    }
    Matcher m = directive(l.substring(start));
    if (m != null && KNOWN_DIRECTIVES.contains(m.group(1).toLowerCase(Locale.ROOT))) {
      diagnostics.warning(i + 1, start + m.start(1) + 1, "the parser directive "
          + m.group(1).toLowerCase(Locale.ROOT)
          + " only counts at the very top of the file, before any comment, empty line or"
          + " instruction; here it is just a comment");
    }
  }

  /** Reads one instruction starting at line {@code i}; the index of the line after it. */
  private int instruction(int i, int start) {
    String l = lines[i];
    int kwEnd = start;
    while (kwEnd < l.length() && !isBlank(l.charAt(kwEnd))) {
      kwEnd++;
    }
    String keyword = l.substring(start, kwEnd);
    int argStart = kwEnd;
    while (argStart < l.length() && isBlank(l.charAt(argStart))) {
      argStart++;
    }
    List<int[]> segments = new ArrayList<>();
    StringBuilder args = new StringBuilder();
    segments.add(new int[] {0, i + 1, argStart + 1});
    boolean more = appendLine(args, l.substring(argStart));
    int next = i + 1;
    while (more && next < lines.length) {
      String c = lines[next];
      int nb = firstNonBlank(c);
      if (nb >= 0 && c.charAt(nb) != '#') {
        segments.add(new int[] {args.length(), next + 1, 1});
        more = appendLine(args, c);
      }
      next++;
    }
    int lead = 0;
    while (lead < args.length() && isBlank(args.charAt(lead))) {
      lead++;
    }
    shift(segments, lead);
    String joined = StepRenderer.trimBlanks(args.toString());
    List<Heredoc> heredocs = new ArrayList<>();
    String upper = keyword.toUpperCase(Locale.ROOT);
    if (HEREDOC_KEYWORDS.contains(upper) && !joined.startsWith("[")) {
      next = heredocs(joined, next, heredocs, segments);
    }
    int[] offsets = new int[segments.size()];
    int[] segLines = new int[segments.size()];
    int[] segColumns = new int[segments.size()];
    for (int s = 0; s < segments.size(); s++) {
      offsets[s] = segments.get(s)[0];
      segLines[s] = segments.get(s)[1];
      segColumns[s] = segments.get(s)[2];
    }
    nodes.add(new Instruction(keyword, i + 1, start + 1, joined, offsets, segLines, segColumns,
        heredocs));
    return next;
  }

  /** Moves the segments left by the {@code lead} blanks trimmed from the front of the arguments. */
  private static void shift(List<int[]> segments, int lead) {
    for (int[] s : segments) {
      if (s[0] >= lead) {
        s[0] -= lead;
      } else {
        s[2] += lead - s[0];
        s[0] = 0;
      }
    }
  }

  /** Appends a physical line; true when it ends with the escape character (continues). */
  private boolean appendLine(StringBuilder args, String line) {
    int end = line.length();
    while (end > 0 && isBlank(line.charAt(end - 1))) {
      end--;
    }
    if (end > 0 && line.charAt(end - 1) == escape) {
      args.append(line, 0, end - 1);
      return true;
    }
    args.append(line);
    return false;
  }

  /** Finds the heredoc markers in {@code args} and reads their bodies from line {@code next}. */
  private int heredocs(String args, int next, List<Heredoc> out, List<int[]> segments) {
    char quote = 0;
    for (int p = 0; p < args.length(); p++) {
      char c = args.charAt(p);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else if (c == escape && quote == '"') {
          p++;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == escape) {
        p++;
      } else if (c == '<' && args.startsWith("<<", p) && (p == 0 || isBlank(args.charAt(p - 1)))) {
        int wordEnd = p;
        while (wordEnd < args.length() && !isBlank(args.charAt(wordEnd))) {
          wordEnd++;
        }
        String word = args.substring(p, wordEnd);
        boolean strip = word.startsWith("<<-");
        String delimiter = unquote(word.substring(strip ? 3 : 2));
        if (!delimiter.isEmpty() && delimiter.indexOf('<') < 0) {
          int line = lineOf(segments, p);
          next = readBody(delimiter, strip, next, line, columnOf(segments, p), out);
        }
        p = wordEnd;
      }
    }
    return next;
  }

  private int readBody(String delimiter, boolean strip, int next, int line, int column,
      List<Heredoc> out) {
    StringBuilder body = new StringBuilder();
    StringBuilder raw = new StringBuilder();
    while (next < lines.length) {
      String l = lines[next++];
      String cmp = strip ? stripTabs(l) : l;
      if (cmp.equals(delimiter)) {
        out.add(new Heredoc(delimiter, strip, body.toString(), raw.toString(), line, column, true));
        return next;
      }
      body.append(cmp).append('\n');
      raw.append(l).append('\n');
    }
    out.add(new Heredoc(delimiter, strip, body.toString(), raw.toString(), line, column, false));
    return next;
  }

  private static int lineOf(List<int[]> segments, int offset) {
    int[] seg = segments.get(0);
    for (int[] s : segments) {
      if (s[0] <= offset) {
        seg = s;
      }
    }
    return seg[1];
  }

  private static int columnOf(List<int[]> segments, int offset) {
    int[] seg = segments.get(0);
    for (int[] s : segments) {
      if (s[0] <= offset) {
        seg = s;
      }
    }
    return seg[2] + offset - seg[0];
  }

  private static String unquote(String d) {
    if (d.length() >= 2 && (d.charAt(0) == '\'' || d.charAt(0) == '"')
        && d.charAt(d.length() - 1) == d.charAt(0)) {
      return d.substring(1, d.length() - 1);
    }
    return d;
  }

  private static String stripTabs(String l) {
    int i = 0;
    while (i < l.length() && l.charAt(i) == '\t') {
      i++;
    }
    return l.substring(i);
  }

  private static int firstNonBlank(String l) {
    for (int i = 0; i < l.length(); i++) {
      if (!isBlank(l.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }
}
