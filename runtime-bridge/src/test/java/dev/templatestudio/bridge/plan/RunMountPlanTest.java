package dev.templatestudio.bridge.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.Mount;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RUN mounts' meaning both runtimes mount: secrets, cache ids, targets, and what binds hash. */
class RunMountPlanTest {
  @TempDir Path tmp;

  private static Mount secretMount(String id, String target, String env, Boolean required) {
    return new Mount("secret", target, null, null, id, null, null, env, required, null);
  }

  @Test
  void aSecretIsAFileAVariableOrBothAndRequiredOnlyWhenSaid() throws Exception {
    Map<String, String> given = Map.of("TOKEN", "v");
    assertThat(RunMountPlan.secret(secretMount("TOKEN", null, null, null), given))
        .contains(new RunMountPlan.Secret("v", null, "/run/secrets/TOKEN"));
    assertThat(RunMountPlan.secret(secretMount("TOKEN", null, "T", null), given))
        .contains(new RunMountPlan.Secret("v", "T", null));
    assertThat(RunMountPlan.secret(secretMount(null, "/app/TOKEN", "T", null), given))
        .contains(new RunMountPlan.Secret("v", "T", "/app/TOKEN"));
    assertThat(RunMountPlan.secret(secretMount("OTHER", null, null, null), given)).isEmpty();
    assertThatThrownBy(() -> RunMountPlan.secret(secretMount("OTHER", null, null, true), given))
        .hasMessage("secret OTHER is required, and the build was given no value for it (give it with --secret OTHER)");
  }

  @Test
  void targetsAndCachesKeepTheRules() throws Exception {
    assertThat(RunMountPlan.cacheId(Mount.cache("/c"))).isEqualTo("/c");
    assertThat(RunMountPlan.tmpfsBytes("64m")).isEqualTo(64L << 20);
    assertThat(RunMountPlan.tmpfsBytes("2GB")).isEqualTo(2L << 30);
    assertThat(RunMountPlan.tmpfsBytes("4096")).isEqualTo(4096L);
    assertThat(RunMountPlan.tmpfsBytes(null)).isNull();
    assertThatThrownBy(() -> RunMountPlan.checkTarget("rel")).hasMessage("the mount target \"rel\" is not an absolute path");
    assertThatThrownBy(() -> RunMountPlan.checkTarget("/a/../etc"))
        .hasMessage("the mount target /a/../etc climbs with \"..\", which a mount never does");
    assertThatThrownBy(() -> RunMountPlan.checkResolved("proc/x", "/proc/x"))
        .hasMessage("the mount target /proc/x is inside /proc, where no mount may go");
    assertThatThrownBy(() -> RunMountPlan.checkResolved("", "/")).hasMessage("the mount target / is the image's root, "
        + "which a mount may not hide");
  }

  @Test
  void bindsHashTheContextFilesAndAStagesDigest() throws Exception {
    Files.writeString(tmp.resolve("data.txt"), "d");
    List<Step> steps = List.of(new RunStep("true"), new RunStep("true", null, List.of(Mount.bind("/d", "data.txt", null),
        Mount.bind("/s", null, Base.stage("s"))), false));
    RunMountPlan.Binds binds = RunMountPlan.binds(steps, tmp, (key, from) -> key + " " + from.reference());
    assertThat(binds.contextFiles()).containsOnlyKeys("2/0");
    assertThat(binds.inputs().hashes().get(2)).containsEntry("from s", "2/1 s").hasSize(2);
    assertThatThrownBy(() -> RunMountPlan.binds(List.of(new RunStep("true", null, List.of(Mount.bind("/d", "../x",
        null)), false)), tmp, (key, from) -> "")).isInstanceOf(StepFailure.class).hasMessageStartingWith(
        "step 1: mount 1 (bind /d): ");
  }
}
