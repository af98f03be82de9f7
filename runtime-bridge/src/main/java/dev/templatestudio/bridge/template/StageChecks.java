package dev.templatestudio.bridge.template;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Validation of build stages and of the references to them: names, bases, shells, steps, and
 * that every stage a base, copy or mount names exists and no stage depends on itself.
 */
final class StageChecks {
  /** Docker's stage names, lower-cased as it compares them. */
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_.-]{0,127}");

  /** More stages than any real Dockerfile has; the reference checks recurse once per stage. */
  static final int MAX_STAGES = 100;

  private StageChecks() {}

  static void check(Template t, List<Problem> out) {
    if (t.stages().size() > MAX_STAGES) {
      out.add(Problem.error(-1, "stages", "a template has at most " + MAX_STAGES + " build stages and"
          + " this one has " + t.stages().size()));
      return;
    }
    Map<String, Integer> index = new LinkedHashMap<>();
    for (int i = 0; i < t.stages().size(); i++) {
      Stage s = t.stages().get(i);
      String at = "stages[" + i + "]";
      if (s == null) {
        out.add(Problem.error(-1, at, "empty stage"));
        continue;
      }
      if (s.name() == null || !NAME.matcher(s.name()).matches()) {
        out.add(Problem.error(-1, at + ".name", "stage name \"" + s.name()
            + "\" must start with a lower-case letter, then letters, digits, '.', '_' or '-'"));
      } else if (index.putIfAbsent(s.name(), i) != null) {
        out.add(Problem.error(-1, at + ".name", "stage name \"" + s.name() + "\" is used by stages["
            + index.get(s.name()) + "] too; stage names are unique"));
      }
      base(s.base(), -1, at + ".base", out);
      shell(s.shell(), at + ".shell", out);
      for (int j = 0; j < s.steps().size(); j++) {
        Step step = s.steps().get(j);
        String stepAt = at + ".steps[" + j + "]";
        if (step == null) {
          out.add(Problem.error(-1, stepAt, "empty step"));
        } else {
          StepChecks.check(step, -1, stepAt + ".", out);
        }
      }
    }
    shell(t.shell(), "shell", out);
    references(t, index, out);
  }

  /** A base: one kind, no blank, no {@code $} left over, no Windows image. */
  static void base(Base base, int step, String at, List<Problem> out) {
    if (base == null || base.kinds() == 0) {
      out.add(Problem.error(step, at, "choose a base: an image, an earlier template or a stage"));
    } else if (base.kinds() > 1) {
      out.add(Problem.error(step, at, "a base is one of an image, a template or a stage"));
    } else {
      String field = at + (base.isTemplate() ? ".template" : base.isStage() ? ".stage" : ".image");
      String ref = base.reference();
      if (ref.isBlank() || ref.chars().anyMatch(Character::isWhitespace)) {
        out.add(Problem.error(step, field, "the base reference \"" + ref + "\" is empty or has spaces"));
      } else if (ref.indexOf('$') >= 0) {
        out.add(Problem.error(step, field, "the base reference \"" + ref + "\" still holds a $ variable;"
            + " give the ARG a default before FROM or write the reference out"));
      } else if (!base.isStage() && BaseImages.isWindows(ref)) {
        out.add(Problem.error(step, field, "\"" + ref + "\" is a Windows image, and templates build Linux"
            + " machines; choose a Linux base image"));
      }
    }
  }

  private static void shell(List<String> shell, String at, List<Problem> out) {
    for (int i = 0; i < shell.size(); i++) {
      if (StepChecks.blank(shell.get(i))) {
        out.add(Problem.error(-1, at + "[" + i + "]", "a shell word is empty"));
      }
    }
  }

  /** Unknown stages, and cycles among the stages through bases, copies and mounts. */
  private static void references(Template t, Map<String, Integer> index, List<Problem> out) {
    Map<String, Set<String>> uses = new LinkedHashMap<>();
    for (int i = 0; i < t.stages().size(); i++) {
      Stage s = t.stages().get(i);
      if (s != null && s.name() != null) {
        uses.put(s.name(), named(s.base(), s.steps(), "stages[" + i + "]", -1, index, out));
      }
    }
    Set<String> used = new HashSet<>(named(t.base(), t.steps(), "", 0, index, out));
    Set<String> done = new HashSet<>();
    for (String name : uses.keySet()) {
      List<String> path = new ArrayList<>();
      if (cycle(name, uses, done, path)) {
        out.add(Problem.error(-1, "stages[" + index.get(name) + "]", "stage \"" + name
            + "\" depends on itself: " + String.join(" -> ", path)));
        return;
      }
    }
    order(uses, index, out);
    for (String name : new ArrayList<>(used)) {
      closure(name, uses, used);
    }
    for (String name : index.keySet()) {
      if (!used.contains(name)) {
        out.add(Problem.warning(-1, "stages[" + index.get(name) + "]", "stage \"" + name
            + "\" is not used by the final stage; a Dockerfile import would leave it out"));
      }
    }
  }

  /** A stage uses only the stages above it, as a Dockerfile reads them. */
  private static void order(Map<String, Set<String>> uses, Map<String, Integer> index,
      List<Problem> out) {
    for (Map.Entry<String, Set<String>> e : uses.entrySet()) {
      for (String target : e.getValue()) {
        if (index.containsKey(target) && index.get(target) >= index.get(e.getKey())) {
          out.add(Problem.error(-1, "stages[" + index.get(e.getKey()) + "]", "stage \"" + e.getKey()
              + "\" uses stage \"" + target + "\", which comes after it; a stage can only use the"
              + " stages above it, so move \"" + target + "\" up"));
        }
      }
    }
  }

  private static void closure(String name, Map<String, Set<String>> uses, Set<String> used) {
    for (String next : uses.getOrDefault(name, Set.of())) {
      if (used.add(next)) {
        closure(next, uses, used);
      }
    }
  }

  /** The stages a stage (or the final stage, {@code at} empty) names; unknown ones reported. */
  private static Set<String> named(Base base, List<Step> steps, String at, int baseStep,
      Map<String, Integer> index, List<Problem> out) {
    Set<String> names = new TreeSet<>();
    String dot = at.isEmpty() ? "" : at + ".";
    known(base, baseStep, dot + "base.stage", index, names, out);
    for (int j = 0; j < steps.size(); j++) {
      Step step = steps.get(j);
      int n = at.isEmpty() ? j + 1 : -1;
      String stepAt = dot + "steps[" + j + "]";
      if (step instanceof CopyStep c) {
        known(c.from(), n, stepAt + ".from.stage", index, names, out);
      } else if (step instanceof RunStep r) {
        for (int k = 0; k < r.mounts().size(); k++) {
          Mount m = r.mounts().get(k);
          known(m == null ? null : m.from(), n, stepAt + ".mounts[" + k + "].from.stage", index, names, out);
        }
      }
    }
    return names;
  }

  private static void known(Base ref, int step, String field, Map<String, Integer> index,
      Set<String> names, List<Problem> out) {
    if (ref == null) {
      return;
    }
    if (ref.image() != null && index.containsKey(ref.image().toLowerCase(java.util.Locale.ROOT))) {
      out.add(Problem.error(step, field.replace(".stage", ".image"), "the image \"" + ref.image()
          + "\" has the name of a build stage, which a Dockerfile would take instead; name the"
          + " image in full (docker.io/library/" + ref.image() + ") or use the stage"));
      return;
    }
    if (ref.stage() == null) {
      return;
    }
    if (!index.containsKey(ref.stage())) {
      out.add(Problem.error(step, field, "there is no build stage \"" + ref.stage() + "\""
          + (index.isEmpty() ? "" : "; the stages are " + String.join(", ", index.keySet()))));
    } else {
      names.add(ref.stage());
    }
  }

  private static boolean cycle(String name, Map<String, Set<String>> uses, Set<String> done,
      List<String> path) {
    if (path.contains(name)) {
      path.add(name);
      return true;
    }
    if (!done.add(name)) {
      return false;
    }
    path.add(name);
    for (String next : uses.getOrDefault(name, Set.of())) {
      if (cycle(next, uses, done, path)) {
        return true;
      }
    }
    path.remove(path.size() - 1);
    return false;
  }
}
