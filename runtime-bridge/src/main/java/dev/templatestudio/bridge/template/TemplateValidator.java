package dev.templatestudio.bridge.template;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a template for what would make a build fail or do something other than the user
 * meant. Pure and fast enough to run on every edit.
 */
public final class TemplateValidator {
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern MODE = Pattern.compile("[0-7]{3,4}");
  // ${VAR} as well as $VAR: an imported USER keeps variable references as written.
  private static final Pattern USER = Pattern.compile("[A-Za-z0-9_.${}-]+(:[A-Za-z0-9_.${}-]+)?");
  private static final Pattern PACKAGE = Pattern.compile("[^\\s'\"`;&|<>$\\\\]+");

  /**
   * The most steps a template may have. Docker's images stop at 127 layers; a longer list is a
   * mistake or an attack, and each step's image config carries every variable before it, so a
   * build's cache grows with the square of the steps.
   */
  public static final int MAX_STEPS = 1000;

  private TemplateValidator() {}

  /** Every problem of the template, in document order. */
  public static List<Problem> validate(Template t) {
    List<Problem> out = new ArrayList<>();
    if (t.name() != null && !TemplateNames.isValidName(t.name())) {
      out.add(Problem.error(-1, "name", "name \"" + t.name()
          + "\" must be lower-case letters and digits, with single '.', '_' or '-' between them (at most 128)"));
    }
    for (int i = 0; i < t.tags().size(); i++) {
      String tag = t.tags().get(i);
      if (!TemplateNames.isValidTag(tag)) {
        out.add(Problem.error(-1, "tags[" + i + "]", "tag \"" + tag
            + "\" must be letters, digits, '.', '_' or '-' (at most 128)"));
      }
    }
    StageChecks.base(t.base(), 0, "base", out);
    int total = t.steps().size();
    for (Stage s : t.stages()) {
      total += s == null ? 0 : s.steps().size();
    }
    if (total > MAX_STEPS) {
      out.add(Problem.error(-1, "steps", "a template has at most " + MAX_STEPS + " steps and this one has "
          + total + "; split it into templates that build on one another (base.template)"));
    }
    StageChecks.check(t, out);
    for (int i = 0; i < t.steps().size(); i++) {
      Step step = t.steps().get(i);
      if (step == null) {
        out.add(Problem.error(i + 1, "steps[" + i + "]", "empty step"));
      } else {
        StepChecks.check(step, i + 1, "steps[" + i + "].", out);
      }
    }
    checkEnvNames(t.runtimeEnvs(), -1, "runtimeEnvs", out);
    checkEnvNames(t.buildEnvs(), -1, "buildEnvs", out);
    Set<String> secrets = new HashSet<>();
    for (int i = 0; i < t.secrets().size(); i++) {
      String s = t.secrets().get(i);
      if (s == null || !ENV_NAME.matcher(s).matches()) {
        out.add(Problem.error(-1, "secrets[" + i + "]", "secret name \"" + s
            + "\" must be letters, digits and '_', not starting with a digit"));
      } else if (!secrets.add(s)) {
        out.add(Problem.warning(-1, "secrets[" + i + "]", "secret " + s + " is named twice"));
      }
    }
    if (t.start() != null && t.start().ready() != null) {
      ReadyChecks.check(t.start().ready(), out);
    }
    if (t.start() != null && t.start().command() != null && t.start().command().isBlank()) {
      out.add(Problem.error(-1, "start.command", "the start command is empty"));
    }
    if (t.resources() != null) {
      Resources r = t.resources();
      if (r.cpus() != null && (r.cpus() < Resources.MIN_CPUS || r.cpus() > Resources.MAX_CPUS)) {
        out.add(Problem.error(-1, "resources.cpus", "cpus must be between " + Resources.MIN_CPUS + " and "
            + Resources.MAX_CPUS));
      }
      if (r.memoryMb() != null && (r.memoryMb() < Resources.MIN_MEMORY_MB || r.memoryMb() > Resources.MAX_MEMORY_MB)) {
        out.add(Problem.error(-1, "resources.memoryMb", "memoryMb must be between " + Resources.MIN_MEMORY_MB
            + " and " + Resources.MAX_MEMORY_MB));
      }
    }
    return out;
  }

  /** True when no problem is an error. */
  public static boolean isBuildable(Template t) {
    return validate(t).stream().noneMatch(Problem::isError);
  }

  static void checkEnvNames(Map<String, String> vars, int step, String field, List<Problem> out) {
    for (Map.Entry<String, String> e : vars.entrySet()) {
      if (!ENV_NAME.matcher(e.getKey()).matches()) {
        out.add(Problem.error(step, field, "variable name \"" + e.getKey()
            + "\" must be letters, digits and '_', not starting with a digit"));
      }
      if (e.getValue() == null) {
        out.add(Problem.error(step, field, "variable " + e.getKey() + " has no value"));
      }
    }
  }

  /** A package name a step can hold (the importer recognises idioms by the same rule). */
  public static boolean isPackageName(String p) {
    return p != null && !p.startsWith("-") && PACKAGE.matcher(p).matches();
  }

  static boolean isMode(String m) {
    return MODE.matcher(m).matches();
  }

  static boolean isUser(String u) {
    return USER.matcher(u).matches();
  }

  /**
   * True when a copy source stays inside the context folder. Works on the text alone: a
   * {@code Path} would depend on the platform's file name encoding and throw on characters it
   * cannot map (an emoji under a POSIX locale).
   */
  static boolean staysInContext(String source) {
    String s = source.replace('\\', '/');
    if (s.startsWith("/") || s.indexOf('\0') >= 0) {
      return false;
    }
    int depth = 0;
    for (String part : s.split("/", -1)) {
      if (part.equals("..")) {
        if (--depth < 0) {
          return false;
        }
      } else if (!part.isEmpty() && !part.equals(".")) {
        depth++;
      }
    }
    return true;
  }
}
