package dev.templatestudio.bridge.plan;

import dev.templatestudio.bridge.build.HashReuse;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.UserStep;
import dev.templatestudio.bridge.template.WordExpansion;
import dev.templatestudio.bridge.template.WorkdirStep;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The variables in scope at each step of a build, as a Dockerfile has them: the base image's
 * {@code Env}, then the build envs (the ARGs right after FROM, each expanded with what came
 * before), then each env step's variables from the step after it on. And the template with the
 * words Docker expands at each step ({@link WordExpansion}) expanded with that step's scope,
 * which is what the build runs and what the cache keys see. Immutable once made.
 */
public final class BuildScope {
  /** The most characters of a value an error message quotes. */
  private static final int QUOTED = 60;
  private final Template expanded;
  private final ScopeHistory scopes;
  private final BuildPlan.Inputs inputs;
  private final Map<Integer, StepFailure> failures;

  private BuildScope(Template expanded, ScopeHistory scopes, BuildPlan.Inputs inputs,
      Map<Integer, StepFailure> failures) {
    this.expanded = expanded;
    this.scopes = scopes;
    this.inputs = inputs;
    this.failures = failures;
  }

  /**
   * The scope of {@code template} on a base whose {@code Env} is {@code baseEnv}, with the
   * files of the copy steps whose paths have variables selected from {@code context} (the
   * others are selected before the base is known). A step whose words cannot be expanded, or
   * whose files cannot be selected, is kept as written and fails when it runs ({@link #check}).
   *
   * @throws StepFailure when a build env cannot be expanded (its ARG line follows FROM)
   */
  public static BuildScope of(Template template, Map<String, String> baseEnv, Path context)
      throws StepFailure, IOException {
    return of(template, baseEnv, context, HashReuse.NONE);
  }

  /** {@link #of(Template, Map, Path)}, hashing the files it selects as {@code reuse} says. */
  public static BuildScope of(Template template, Map<String, String> baseEnv, Path context, HashReuse reuse)
      throws StepFailure, IOException {
    Map<String, String> vars = new LinkedHashMap<>(baseEnv);
    Map<String, String> buildEnvs = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : template.buildEnvs().entrySet()) {
      String value = expand(e.getValue() == null ? "" : e.getValue(), vars, "build env " + e.getKey());
      buildEnvs.put(e.getKey(), value);
      vars.put(e.getKey(), value);
    }
    ScopeHistory history = new ScopeHistory();
    vars.forEach((name, value) -> history.set(0, name, value));
    List<Step> steps = new ArrayList<>();
    Map<Integer, StepFailure> failures = new HashMap<>();
    for (int i = 1; i <= template.steps().size(); i++) {
      Step step = template.steps().get(i - 1);
      try {
        step = expanded(step, vars, "step " + i + ": ");
      } catch (StepFailure e) {
        failures.put(i, e);
      }
      steps.add(step);
      if (step instanceof EnvStep env) {
        // The one map is changed in place; the history keeps what each step saw.
        vars.putAll(env.vars());
        int by = i;
        env.vars().forEach((name, value) -> history.set(by, name, value));
      }
    }
    Template expanded = template.withBuildEnvs(buildEnvs).withSteps(steps);
    BuildPlan.Selector selector = new BuildPlan.Selector(expanded, context, reuse);
    for (int i = 1; i <= steps.size(); i++) {
      if (copyPathsExpand(template.steps().get(i - 1)) && ((CopyStep) steps.get(i - 1)).from() == null
          && !failures.containsKey(i)) {
        try {
          selector.select(i);
        } catch (StepFailure e) {
          failures.put(i, e);
        }
      }
    }
    return new BuildScope(expanded, history, selector.selected(), Map.copyOf(failures));
  }

  /** The template with its build envs and the words of its steps expanded. */
  public Template expanded() {
    return expanded;
  }

  /** The selected files of the copy steps whose paths have variables. */
  public BuildPlan.Inputs inputs() {
    return inputs;
  }

  /** Throws why step {@code step} (1-based) cannot run as written, if it cannot. */
  public void check(int step) throws StepFailure {
    StepFailure failure = failures.get(step);
    if (failure != null) {
      throw failure;
    }
  }

  /** The variables a command of step {@code step} (1-based) runs with, before secrets and HOME. */
  public Map<String, String> at(int step) {
    return scopes.at(step);
  }

  /** True when a copy step's files or their destination depend on a variable. */
  public static boolean copyPathsExpand(Step step) {
    return step instanceof CopyStep copy && (WordExpansion.expands(copy.dest())
        || copy.sources().stream().anyMatch(WordExpansion::expands));
  }

  /** True when one of the step's words that Docker expands (those {@link #expanded} expands) has a variable. */
  public static boolean usesVariables(Step step) {
    List<String> words = new ArrayList<>();
    if (step instanceof EnvStep s) {
      words.addAll(s.vars().values());
    } else if (step instanceof WorkdirStep s) {
      words.add(s.path());
    } else if (step instanceof UserStep s) {
      words.add(s.name());
    } else if (step instanceof RunStep s) {
      words.add(s.user());
    } else if (step instanceof CopyStep s) {
      words.addAll(s.sources());
      words.add(s.dest());
      words.add(s.user());
    }
    return words.stream().anyMatch(WordExpansion::expands);
  }

  /** {@code step} with the words Docker expands expanded; {@code at} starts an error's sentence. */
  private static Step expanded(Step step, Map<String, String> vars, String at) throws StepFailure {
    if (step instanceof EnvStep s) {
      // One ENV line sees the variables from before it, also for the names it sets itself.
      Map<String, String> values = new LinkedHashMap<>();
      for (Map.Entry<String, String> e : s.vars().entrySet()) {
        values.put(e.getKey(), expand(e.getValue(), vars, at + "vars." + e.getKey()));
      }
      return new EnvStep(values, s.force());
    } else if (step instanceof WorkdirStep s) {
      return new WorkdirStep(expand(s.path(), vars, at + "path"), s.force());
    } else if (step instanceof UserStep s) {
      return new UserStep(expand(s.name(), vars, at + "name"), s.force());
    } else if (step instanceof RunStep s && s.user() != null) {
      return new RunStep(s.command(), expand(s.user(), vars, at + "user"), s.mounts(), s.force());
    } else if (step instanceof CopyStep s) {
      List<String> sources = new ArrayList<>();
      for (int k = 0; k < s.sources().size(); k++) {
        sources.add(expand(s.sources().get(k), vars, at + "sources[" + k + "]"));
      }
      return new CopyStep(sources, expand(s.dest(), vars, at + "dest"),
          s.user() == null ? null : expand(s.user(), vars, at + "user"), s.mode(), s.from(), s.force());
    }
    return step;
  }

  /** A value as an error quotes it: a long one cut, so the sentence stays one line a person reads. */
  private static String quoted(String value) {
    return value.length() <= QUOTED ? value : value.substring(0, QUOTED) + "…";
  }

  private static String expand(String value, Map<String, String> vars, String field) throws StepFailure {
    try {
      return WordExpansion.expand(value, vars);
    } catch (WordExpansion.Unexpandable e) {
      throw new StepFailure(field + " \"" + quoted(value) + "\" cannot be expanded: " + e.getMessage());
    }
  }
}
