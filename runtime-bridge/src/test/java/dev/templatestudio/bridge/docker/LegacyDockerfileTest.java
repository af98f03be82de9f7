package dev.templatestudio.bridge.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.WorkdirStep;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Dockerfile the legacy builder reads, and Docker's instruction numbers mapped back to steps. */
class LegacyDockerfileTest {
  @Test
  void heredocsBecomeExecFormShellScriptsAndForceAddsALabel() {
    Template t = Template.of(Base.image("busybox"), List.of(
        new WorkdirStep("/w"), new RunStep("echo a\necho \"b\""), new RunStep("echo c", null, true)));
    LegacyDockerfile d = LegacyDockerfile.of(t, 3, "build-1");
    assertThat(d.text()).doesNotContain("<<", "# syntax")
        .contains("RUN [\"/bin/sh\", \"-c\", \"echo a\\necho \\\"b\\\"\"]\n",
            "LABEL dev.templatestudio.force=build-1\n");
    assertThat(d.counts()).containsExactly(1, 1, 1, 2, 0);
    assertThat(List.of(d.partOf(1), d.partOf(2), d.partOf(3), d.partOf(4), d.partOf(5), d.partOf(6)))
        .containsExactly(0, 1, 2, 3, 3, 5);
    assertThat(d.lastOf(3)).isEqualTo(5);
  }

  @Test
  void buildEnvArgsMoveToTheFirstStepThatRunsACommand() {
    Template t = Template.of(Base.image("busybox"), List.of(new WorkdirStep("/w"), new RunStep("echo $MODE")))
        .withBuildEnvs(java.util.Map.of("MODE", "fast"));
    LegacyDockerfile d = LegacyDockerfile.of(t, -1, "b");
    assertThat(d.text()).containsSubsequence("FROM busybox\n", "WORKDIR /w\n", "ARG MODE=fast\n", "RUN echo $MODE\n");
    assertThat(d.counts()).containsExactly(1, 1, 2, 0);
  }

  @Test
  void buildEnvArgsComeBeforeTheFirstStepWhoseWordsUseVariables() {
    Template t = Template.of(Base.image("busybox"), List.of(new WorkdirStep("/w"), new WorkdirStep("$APPDIR/x"),
        new RunStep("pwd"))).withBuildEnvs(java.util.Map.of("APPDIR", "/srv"));
    LegacyDockerfile d = LegacyDockerfile.of(t, -1, "b");
    assertThat(d.text()).containsSubsequence("FROM busybox\n", "WORKDIR /w\n", "ARG APPDIR=/srv\n",
        "WORKDIR $APPDIR/x\n", "RUN pwd\n");
    assertThat(d.counts()).containsExactly(1, 1, 2, 1, 0);
  }
}
