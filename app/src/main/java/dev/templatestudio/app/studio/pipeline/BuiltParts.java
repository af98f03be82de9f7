package dev.templatestudio.app.studio.pipeline;

import dev.templatestudio.bridge.template.Template;
import java.util.Objects;

/**
 * Which parts of a template are still the ones a build was made of. A part's build result
 * depends on the part and on everything before it, so a badge holds only while the part and
 * its whole prefix are unchanged. Pure functions.
 */
public final class BuiltParts {
  private BuiltParts() {}

  /**
   * How many leading parts (0 base, 1…N steps, N+1 start) of {@code now} are the same, with
   * the same prefix, as in {@code built}: the badges of parts below this number still hold.
   * Every part holds when nothing was built yet ({@code built} null).
   */
  public static int unchanged(Template built, Template now) {
    int all = now.steps().size() + 2;
    if (built == null) {
      return all;
    }
    if (!Objects.equals(built.base(), now.base()) || !Objects.equals(built.buildEnvs(), now.buildEnvs())
        || built.force() != now.force()) {
      return 0;
    }
    int n = Math.min(built.steps().size(), now.steps().size());
    for (int i = 0; i < n; i++) {
      if (!Objects.equals(built.steps().get(i), now.steps().get(i))) {
        return i + 1;
      }
    }
    if (built.steps().size() != now.steps().size()) {
      return n + 1;
    }
    boolean startSame = Objects.equals(built.start(), now.start())
        && Objects.equals(built.runtimeEnvs(), now.runtimeEnvs());
    return startSame ? all : all - 1;
  }
}
