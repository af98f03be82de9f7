package dev.templatestudio.bridge.context;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules of a build context's {@code .dockerignore}, with Docker's meaning: Go
 * {@code filepath.Match} patterns plus {@code **}, relative to the context root; a pattern
 * that matches a directory excludes everything under it; {@code !pattern} re-includes; the
 * last matching rule wins. Immutable, thread-safe.
 */
public final class DockerIgnore {
  private final List<Rule> rules;

  private record Rule(Pattern pattern, boolean exclude) {}

  private DockerIgnore(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  public static DockerIgnore none() {
    return new DockerIgnore(List.of());
  }

  /** Reads {@code CONTEXT/.dockerignore}; no file means nothing is ignored. */
  public static DockerIgnore load(Path context) throws IOException {
    try {
      return parse(Files.readString(context.resolve(".dockerignore"), StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return none();
    }
  }

  public static DockerIgnore parse(String text) {
    List<Rule> rules = new ArrayList<>();
    for (String raw : text.split("\r?\n")) {
      String line = raw.trim();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      boolean exclude = true;
      if (line.startsWith("!")) {
        exclude = false;
        line = line.substring(1).trim();
      }
      line = clean(line);
      if (!line.isEmpty()) {
        rules.add(new Rule(Pattern.compile(toRegex(line)), exclude));
      }
    }
    return new DockerIgnore(rules);
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }

  /** True when some rule re-includes ({@code !pattern}), so excluded dirs must still be walked. */
  public boolean hasReinclusion() {
    return rules.stream().anyMatch(r -> !r.exclude());
  }

  /** True when {@code relativePath} (slash-separated, relative to the context) is excluded. */
  public boolean excludes(String relativePath) {
    boolean excluded = false;
    for (Rule rule : rules) {
      if (matchesSelfOrParent(rule.pattern(), relativePath)) {
        excluded = rule.exclude();
      }
    }
    return excluded;
  }

  private static boolean matchesSelfOrParent(Pattern p, String path) {
    String candidate = path;
    while (true) {
      if (p.matcher(candidate).matches()) {
        return true;
      }
      int slash = candidate.lastIndexOf('/');
      if (slash < 0) {
        return false;
      }
      candidate = candidate.substring(0, slash);
    }
  }

  private static String clean(String pattern) {
    String p = pattern.replace('\\', '/');
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    while (p.endsWith("/") && p.length() > 1) {
      p = p.substring(0, p.length() - 1);
    }
    return p.equals(".") ? "" : p;
  }

  private static String toRegex(String glob) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*') {
        if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
          i++;
          if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
            i++;
            re.append("(?:.*/)?");
          } else {
            re.append(".*");
          }
        } else {
          re.append("[^/]*");
        }
      } else if (c == '?') {
        re.append("[^/]");
      } else if (c == '[') {
        int end = glob.indexOf(']', i + 1);
        if (end < 0) {
          re.append("\\[");
        } else {
          String cls = glob.substring(i + 1, end);
          boolean negated = cls.startsWith("^") || cls.startsWith("!");
          if (negated) {
            cls = cls.substring(1);
          }
          re.append('[').append(negated ? "^" : "")
              .append(cls.replace("\\", "\\\\").replace("[", "\\[")).append(']');
          i = end;
        }
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return re.toString();
  }
}
