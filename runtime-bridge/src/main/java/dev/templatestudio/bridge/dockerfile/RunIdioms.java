package dev.templatestudio.bridge.dockerfile;

import dev.templatestudio.bridge.template.AptStep;
import dev.templatestudio.bridge.template.GitCloneStep;
import dev.templatestudio.bridge.template.NpmStep;
import dev.templatestudio.bridge.template.PipStep;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.TemplateValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Recognises the package-install idioms of a RUN command (CONTRACT.md §4) and the git clone
 * the renderer writes. Only flags whose effect the template keeps (or that change nothing but
 * output and caches) are accepted; anything else leaves the command a plain {@code run} step,
 * so nothing a user wrote is silently lost. Pure; thread-safe.
 */
final class RunIdioms {
  private static final String APT_LISTS = "/var/lib/apt/lists/*";
  private static final Set<String> APT_QUIET = Set.of("-q", "-qq", "--quiet");
  private static final Set<String> APT_YES = Set.of("-y", "--yes", "--assume-yes", "-yq", "-qy",
      "-yqq", "-qqy");
  private static final String NO_RECOMMENDS = "--no-install-recommends";
  private static final Set<String> PIP_HARMLESS = Set.of("--no-cache-dir", "-q", "--quiet");
  private static final Set<String> NPM_GLOBAL = Set.of("-g", "--global");

  private RunIdioms() {}

  /** The apt, pip or npm step {@code command} installs, or null when it is anything else. */
  static Step recognise(String command) {
    if (!(command.startsWith("apt-get") || command.startsWith("pip") || command.startsWith("npm"))) {
      return null;
    }
    String trimmed = withoutAptCleanup(command);
    List<String> words = ShellWords.split(trimmed);
    if (words == null || words.isEmpty()) {
      return null;
    }
    switch (words.get(0)) {
      case "apt-get":
        return apt(words);
      case "pip":
      case "pip3":
        return trimmed.equals(command) ? pip(words) : null;
      case "npm":
        return trimmed.equals(command) ? npm(words) : null;
      default:
        return null;
    }
  }

  /**
   * The command without a trailing {@code && rm -rf /var/lib/apt/lists/*}, which only deletes
   * apt's download cache. Read backwards by hand: a regular expression anchored at the end
   * still tries every start position, quadratic on a long run of blanks.
   */
  static String withoutAptCleanup(String command) {
    String t = StepRenderer.trimBlanks(command);
    if (!t.endsWith(APT_LISTS)) {
      return command;
    }
    int i = t.length() - APT_LISTS.length();
    int j = blanksBefore(t, i);
    if (j == i || !t.startsWith("-rf", j - 3)) {
      return command;
    }
    i = j - 3;
    j = blanksBefore(t, i);
    if (j == i || !t.startsWith("rm", j - 2)) {
      return command;
    }
    j = blanksBefore(t, j - 2);
    return t.startsWith("&&", j - 2) ? t.substring(0, j - 2) : command;
  }

  private static int blanksBefore(String s, int i) {
    while (i > 0 && DockerfileLexer.isBlank(s.charAt(i - 1))) {
      i--;
    }
    return i;
  }

  private static Step apt(List<String> words) {
    int and = words.indexOf(ShellWords.AND);
    if (and < 0 || words.lastIndexOf(ShellWords.AND) != and) {
      return null;
    }
    List<String> update = words.subList(1, and);
    List<String> install = words.subList(and + 1, words.size());
    if (!update.contains("update") || update.stream().anyMatch(
        w -> !w.equals("update") && !APT_QUIET.contains(w) && !APT_YES.contains(w))
        || update.stream().filter("update"::equals).count() != 1) {
      return null;
    }
    if (install.size() < 3 || !install.get(0).equals("apt-get")) {
      return null;
    }
    boolean yes = false;
    boolean noRecommends = false;
    boolean seenInstall = false;
    List<String> packages = new ArrayList<>();
    for (String w : install.subList(1, install.size())) {
      if (APT_YES.contains(w)) {
        yes = true;
      } else if (w.equals(NO_RECOMMENDS)) {
        noRecommends = true;
      } else if (APT_QUIET.contains(w)) {
        continue;
      } else if (w.startsWith("-")) {
        return null;
      } else if (!seenInstall) {
        if (!w.equals("install")) {
          return null;
        }
        seenInstall = true;
      } else if (TemplateValidator.isPackageName(w)) {
        packages.add(w);
      } else {
        return null;
      }
    }
    return yes && !packages.isEmpty() ? new AptStep(packages, noRecommends, false) : null;
  }

  private static Step pip(List<String> words) {
    List<String> packages = packagesAfter(words, "install", PIP_HARMLESS, null);
    return packages == null ? null : new PipStep(packages);
  }

  private static Step npm(List<String> words) {
    boolean global = words.stream().anyMatch(NPM_GLOBAL::contains);
    List<String> packages = packagesAfter(words, "install", NPM_GLOBAL, "i");
    return packages == null ? null : new NpmStep(packages, global, false);
  }

  /** Packages after the subcommand when every other word is an allowed flag; else null. */
  private static List<String> packagesAfter(List<String> words, String sub, Set<String> flags,
      String alias) {
    boolean seenSub = false;
    List<String> packages = new ArrayList<>();
    for (String w : words.subList(1, words.size())) {
      if (flags.contains(w)) {
        continue;
      }
      if (w.startsWith("-") || w.equals(ShellWords.AND)) {
        return null;
      }
      if (!seenSub) {
        if (!w.equals(sub) && !w.equals(alias)) {
          return null;
        }
        seenSub = true;
      } else if (TemplateValidator.isPackageName(w)) {
        packages.add(w);
      } else {
        return null;
      }
    }
    return packages.isEmpty() ? null : packages;
  }

  /** The git clone written by the renderer, or null when {@code command} is not one. */
  static GitCloneStep gitClone(String command) {
    List<String> w = ShellWords.split(command);
    if (w == null || w.size() < 4 || !w.get(0).equals("git") || !w.get(1).equals("clone")) {
      return null;
    }
    String branch = null;
    Integer depth = null;
    int i = 2;
    while (i < w.size() - 2 && w.get(i).startsWith("-")) {
      String flag = w.get(i);
      if (flag.equals("--")) {
        i++;
        break;
      } else if (flag.equals("--branch") || flag.equals("-b")) {
        branch = w.get(i + 1);
        i += 2;
      } else if (flag.equals("--depth")) {
        depth = positive(w.get(i + 1));
        if (depth == null) {
          return null;
        }
        i += 2;
      } else {
        return null;
      }
    }
    if (i != w.size() - 2) {
      return null;
    }
    return new GitCloneStep(w.get(i), w.get(i + 1), branch, depth, false);
  }

  private static Integer positive(String s) {
    if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(Character::isDigit)) {
      return null;
    }
    return Integer.parseInt(s);
  }
}
