package dev.templatestudio.bridge.docker;

import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.plan.BuildHistory.StepRecord;
import dev.templatestudio.bridge.plan.BuildPlan;
import java.util.List;

/**
 * Why a step missed Docker's cache. Docker does not say, so the reason comes from comparing
 * the step with the last build of the same name, as the embedded runtime does; when nothing
 * changed since then, the step has simply left Docker's build cache. Stateless.
 */
final class DockerMissReasons {
  private DockerMissReasons() {}

  static String reason(int i, BuildPlan plan, List<StepRecord> previous, BuildRequest request) {
    String reason = plan.missReason(i, previous, request);
    boolean unchanged = previous != null && i < previous.size() && previous.get(i).key().equals(plan.key(i));
    if (unchanged && reason.startsWith("not in the cache")) {
      return "not in the Docker Engine's build cache: it was pruned, or the last build did not finish this step";
    }
    return reason;
  }
}
