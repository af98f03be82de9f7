package dev.templatestudio.bridge.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every value each variable of a build had, and from which step on: the scopes of all steps in
 * space proportional to the assignments, not to steps times variables. (A copy of the whole map
 * per step made a template of 60,000 env steps need 1.8 billion map entries.) A step's map is
 * made when asked for, which the build does once per step that runs a command. Filled on one
 * thread, then read-only.
 */
final class ScopeHistory {
  /** One value of a variable: set by step {@code step} (0 before the first step), seen after it. */
  private record Assignment(int step, String value) {}

  /** Each variable's assignments in step order; names in the order they were first set. */
  private final Map<String, List<Assignment>> byName = new LinkedHashMap<>();

  /** Records that step {@code step} (0: the base and the build envs) sets {@code name}. */
  void set(int step, String name, String value) {
    List<Assignment> values = byName.computeIfAbsent(name, n -> new ArrayList<>(1));
    Assignment last = values.isEmpty() ? null : values.get(values.size() - 1);
    if (last != null && last.step() == step) {
      values.set(values.size() - 1, new Assignment(step, value));
    } else {
      values.add(new Assignment(step, value));
    }
  }

  /** The variables step {@code step} (1-based) sees: those set by the steps before it. */
  Map<String, String> at(int step) {
    Map<String, String> vars = new LinkedHashMap<>();
    for (Map.Entry<String, List<Assignment>> e : byName.entrySet()) {
      Assignment seen = lastBefore(e.getValue(), step);
      if (seen != null) {
        vars.put(e.getKey(), seen.value());
      }
    }
    return vars;
  }

  /** The last assignment made by a step before {@code step}, or null: a binary search. */
  private static Assignment lastBefore(List<Assignment> values, int step) {
    int lo = 0;
    int hi = values.size() - 1;
    Assignment found = null;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (values.get(mid).step() < step) {
        found = values.get(mid);
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }
}
