package dev.templatestudio.bridge.plan;

import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.Mount;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Stage;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which build stages a build makes, and what each waits for: only the stages the final stage
 * needs (through its base, a copy's {@code from} or a mount's {@code from}, transitively), in the
 * template's order, each with the stages it uses itself. A valid template names only stages above
 * the one naming them (TemplateValidator), so that order is a dependency order, and two stages
 * neither of which needs the other may be built at the same time. Pure.
 */
public final class StagePlanner {
  private StagePlanner() {}

  /** A stage to build: its place in {@code stages[]} and the stages it needs built first. */
  public record Planned(Stage stage, int index, Set<String> needs) {
    public String name() {
      return stage.name();
    }
  }

  /** The stages {@code template}'s final stage needs, in dependency (= template) order. */
  public static List<Planned> needed(Template template) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < template.stages().size(); i++) {
      index.put(template.stages().get(i).name(), i);
    }
    Set<String> wanted = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(uses(template.base(), template.steps()));
    while (!todo.isEmpty()) {
      String name = todo.pop();
      Integer at = index.get(name);
      if (at != null && wanted.add(name)) {
        Stage s = template.stages().get(at);
        todo.addAll(uses(s.base(), s.steps()));
      }
    }
    List<Planned> out = new ArrayList<>();
    for (int i = 0; i < template.stages().size(); i++) {
      Stage s = template.stages().get(i);
      if (wanted.contains(s.name())) {
        out.add(new Planned(s, i, uses(s.base(), s.steps())));
      }
    }
    return out;
  }

  /** The stages a base and its steps name directly: the base, copies' and mounts' {@code from}. */
  public static Set<String> uses(Base base, List<Step> steps) {
    Set<String> names = new LinkedHashSet<>();
    add(base, names);
    for (Step step : steps) {
      if (step instanceof CopyStep c) {
        add(c.from(), names);
      } else if (step instanceof RunStep r) {
        for (Mount m : r.mounts()) {
          add(m == null ? null : m.from(), names);
        }
      }
    }
    return names;
  }

  /**
   * A stage as a template of its own, the way the engine builds it: its base, shell and steps,
   * with the template's build envs, secrets and {@code force}; no stages, start or runtime envs.
   */
  public static Template asTemplate(Template template, Stage stage) {
    return new Template(template.schema(), template.name(), null, null, stage.base(), stage.shell(),
        stage.steps(), null, template.buildEnvs(), template.secrets(), null, template.resources(),
        template.force(), null);
  }

  private static void add(Base ref, Set<String> names) {
    if (ref != null && ref.isStage()) {
      names.add(ref.stage());
    }
  }
}
