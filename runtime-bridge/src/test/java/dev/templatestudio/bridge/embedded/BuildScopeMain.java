package dev.templatestudio.bridge.embedded;

import dev.templatestudio.bridge.plan.BuildScope;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The scope of a template of {@code N} env steps, each setting its own variable from the base's
 * {@code V0}, in its own JVM (started with a small heap by {@link BuildScopeSharingTest}):
 * prints what the last step sees and exits 0.
 */
public final class BuildScopeMain {
  private BuildScopeMain() {}

  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    List<Step> steps = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      steps.add(new EnvStep(Map.of("V" + i, "${V0}+" + i), false));
    }
    BuildScope scope = BuildScope.of(Template.of(Base.image("busybox"), steps), Map.of("V0", "base"), null);
    Map<String, String> last = scope.at(n);
    System.out.println("variables " + last.size() + ", V1=" + last.get("V1") + ", V" + (n - 1) + "="
        + last.get("V" + (n - 1)) + ", first step sees " + scope.at(1));
  }
}
