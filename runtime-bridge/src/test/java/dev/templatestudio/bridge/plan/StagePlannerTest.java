package dev.templatestudio.bridge.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.DownloadStep;
import dev.templatestudio.bridge.template.Mount;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Stage;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which stages a build makes and in what order, and what each runtime refuses. */
class StagePlannerTest {
  private static final Base IMAGE = Base.image("busybox");

  private static Stage stage(String name, Base base, Step... steps) {
    return new Stage(name, base, List.of(steps));
  }

  private static CopyStep from(String stage) {
    return new CopyStep(List.of("/x"), "/x", null, null, Base.stage(stage), false);
  }

  @Test
  void onlyTheStagesTheFinalStageNeedsTransitivelyInTemplateOrder() {
    Template t = Template.of(Base.stage("d"), List.of(from("b"))).withStages(List.of(
        stage("a", IMAGE, new RunStep("true")),
        stage("unused", IMAGE, from("a")),
        stage("b", IMAGE, new RunStep("ls", null, List.of(Mount.bind("/m", "/", Base.stage("c0"))), false)),
        stage("c0", IMAGE),
        stage("d", Base.stage("a"), from("c0"))));
    // c0 comes after b in the list but b mounts it: a valid template never does that; the
    // planner still only follows names, and the runtime orders by what each stage needs.
    assertThat(StagePlanner.needed(t)).extracting(StagePlanner.Planned::name).containsExactly("a", "b", "c0", "d");
    assertThat(StagePlanner.needed(t)).extracting(StagePlanner.Planned::needs)
        .containsExactly(Set.of(), Set.of("c0"), Set.of(), Set.of("a", "c0"));
    assertThat(StagePlanner.needed(Template.of(IMAGE, List.of()).withStages(List.of(stage("a", IMAGE))))).isEmpty();
  }

  @Test
  void aStageBuildsAsATemplateWithTheTemplatesBuildEnvsAndSecrets() {
    Template t = Template.of(IMAGE, List.of()).withName("n").withSecrets(List.of("TOKEN"))
        .withBuildEnvs(java.util.Map.of("V", "1")).withShell(List.of("/bin/bash", "-c"));
    Template own = StagePlanner.asTemplate(t, new Stage("s", Base.stage("x"), List.of("/bin/sh", "-ec"),
        List.of(new RunStep("true"))));
    assertThat(own.base()).isEqualTo(Base.stage("x"));
    assertThat(own.shell()).containsExactly("/bin/sh", "-ec");
    assertThat(own.secrets()).containsExactly("TOKEN");
    assertThat(own.buildEnvs()).containsEntry("V", "1");
    assertThat(own.stages()).isEmpty();
    assertThat(own.start()).isNull();
  }

  @Test
  void bothRuntimesBuildEveryPart() {
    Template staged = Template.of(Base.stage("s"), List.of(new RunStep("true"))).withStages(List.of(stage("s", IMAGE)));
    assertThat(UnbuiltParts.forEmbedded(staged)).isEmpty();
    assertThat(UnbuiltParts.forDocker(staged)).isEmpty();
    assertThat(UnbuiltParts.forDocker(Template.of(IMAGE, List.of(new RunStep("true"),
        new DownloadStep("https://example.org/f", "/f"))))).isEmpty();
    Template mounted = Template.of(IMAGE, List.of()).withStages(List.of(stage("s", IMAGE,
        new RunStep("true", null, List.of(Mount.cache("/c")), false))));
    assertThat(UnbuiltParts.forEmbedded(mounted)).isEmpty();
    assertThat(UnbuiltParts.forDocker(mounted)).isEmpty();
    Template downloadInStage = Template.of(Base.stage("s"), List.of()).withStages(List.of(stage("s", IMAGE,
        new DownloadStep("https://example.org/f", "/f"))));
    assertThat(UnbuiltParts.forDocker(downloadInStage)).isEmpty();
  }
}
