package dev.templatestudio.app.doctor;

import dev.templatestudio.bridge.docker.DockerEngineNeed;
import dev.templatestudio.bridge.host.EmbeddedNeeds;
import dev.templatestudio.bridge.host.HostFacts;
import dev.templatestudio.bridge.host.Need;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything {@code template-studio doctor} and the studio's Runtime &gt; Check This Machine
 * show, in four groups: the embedded runtime, the docker runtime, the studio window, machine
 * snapshots. {@link #check} connects to the Docker Engine and runs {@code criu check}: call it
 * off the FX thread.
 */
public final class MachineNeeds {
  /** A group of needs under a title. */
  public record Group(String title, List<Need> needs) {}

  private MachineNeeds() {}

  public static List<Group> check(HostFacts host) {
    return List.of(new Group("Embedded runtime", EmbeddedNeeds.all(host)),
        new Group("Docker runtime", List.of(DockerEngineNeed.check(host))),
        new Group("Studio window", WindowNeeds.all(host)),
        new Group("Machine snapshots", List.of(SnapshotNeed.check(host))));
  }

  /** Every need of every group, in order. */
  public static List<Need> flat(List<Group> groups) {
    List<Need> all = new ArrayList<>();
    groups.forEach(g -> all.addAll(g.needs()));
    return all;
  }

  /** The last line doctor prints: nothing missing, or how many and the commands that fix them all. */
  public static String summary(List<Group> groups) {
    List<Need> all = flat(groups);
    long missing = all.stream().filter(n -> !n.isThere()).count();
    if (missing == 0) {
      return "Nothing is missing.";
    }
    return missing + " missing; to fix " + (missing == 1 ? "it" : "them all") + ": "
        + String.join(" && ", Need.fixAll(all));
  }
}
