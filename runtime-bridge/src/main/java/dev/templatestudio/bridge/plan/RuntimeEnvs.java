package dev.templatestudio.bridge.plan;

import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runtime envs (CONTRACT.md §3: present when machines start, not during the build): which a
 * template's machines get, by the same rule on every runtime. Stateless.
 */
public final class RuntimeEnvs {
  private RuntimeEnvs() {}

  /**
   * The runtime envs of {@code template}'s machines: those {@code inherited} from the template
   * it is built on, except names its own env steps set (its own definition is the nearer
   * one), then its own runtime envs. The rule of every runtime.
   */
  public static Map<String, String> effective(Map<String, String> inherited, Template template) {
    Map<String, String> runtime = new LinkedHashMap<>(inherited);
    for (Step step : template.steps()) {
      if (step instanceof EnvStep env) {
        runtime.keySet().removeAll(env.vars().keySet());
      }
    }
    runtime.putAll(template.runtimeEnvs());
    return runtime;
  }
}
