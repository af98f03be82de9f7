package dev.templatestudio.bridge.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TemplateStagesTest {
  private static final Template T = Template.of(Base.stage("build"), List.of(
      new CopyStep(List.of("/out/app"), "/app", null, null, Base.stage("build"), false),
      new RunStep("ls", null, List.of(Mount.bind("/tools", "/bin", Base.stage("deps"))), false)))
      .withStages(List.of(
          new Stage("deps", Base.image("alpine:3.20"), List.of(new RunStep("echo deps"))),
          new Stage("build", Base.stage("deps"), List.of(new RunStep("make")))));

  @Test
  void aStageIsEditedAsIfItWereTheTemplateAndGoesBackToItsPlace() {
    Template view = TemplateStages.view(T, 1);
    assertThat(view.base()).isEqualTo(Base.stage("deps"));
    assertThat(view.steps()).containsExactly(new RunStep("make"));
    Template edited = TemplateStages.apply(T, 1, TemplateEdits.insert(view, 1, new RunStep("make test")).withName("x"));
    assertThat(edited.stages().get(1).steps()).containsExactly(new RunStep("make"), new RunStep("make test"));
    assertThat(edited.steps()).isEqualTo(T.steps());
    assertThat(edited.base()).isEqualTo(T.base());
    assertThat(edited.name()).isEqualTo("x");
    assertThat(TemplateStages.view(T, TemplateStages.FINAL)).isSameAs(T);
  }

  @Test
  void renameFollowsEveryReferenceAndRemoveRefusesAStageInUse() {
    assertThat(TemplateStages.renameProblem(T, "deps", "build")).isEqualTo("There is a stage build already.");
    assertThat(TemplateStages.renameProblem(T, "deps", "Deps")).contains("lower-case letter");
    Template renamed = TemplateStages.rename(T, "deps", "base");
    assertThat(renamed.stages().get(0).name()).isEqualTo("base");
    assertThat(renamed.stages().get(1).base()).isEqualTo(Base.stage("base"));
    assertThat(((RunStep) renamed.steps().get(1)).mounts().get(0).from()).isEqualTo(Base.stage("base"));
    assertThat(TemplateValidator.validate(renamed)).noneMatch(Problem::isError);

    assertThat(TemplateStages.uses(T, "build")).containsExactly("the final stage's base", "step 1 (copy from)");
    assertThat(TemplateStages.removeProblem(T, "deps"))
        .isEqualTo("Stage deps is still used by stage build, base, step 2 (mount from); change those first.");
    Template unused = TemplateStages.add(T, TemplateStages.freshName(T));
    assertThat(unused.stages().get(2).name()).isEqualTo("stage3");
    assertThat(TemplateStages.removeProblem(unused, "stage3")).isNull();
    assertThat(TemplateStages.remove(unused, "stage3")).isEqualTo(T);
  }

  @Test
  void problemPlacesNameTheStageAndItsStep() {
    assertThat(TemplateStages.place(T, "stages[1].steps[0].command")).isEqualTo("stage build, step 1, command");
    assertThat(TemplateStages.place(T, "stages[0].base")).isEqualTo("stage deps, base");
    assertThat(TemplateStages.place(T, "steps[0].dest")).isNull();
    assertThat(TemplateStages.partOf(TemplateStages.localField("stages[1].steps[0].command"))).isEqualTo(1);
  }

  @Test
  void mountLinesReadBackWhatTheyWrite() {
    MountLines.Parsed p = MountLines.parse("type=cache,target=/root/.cache,id=go\n\nfrom=deps,target=/t,rw",
        Set.of("deps"));
    assertThat(p.problem()).isNull();
    assertThat(p.mounts()).containsExactly(
        new Mount("cache", "/root/.cache", null, null, "go", null, null, null, null, null),
        new Mount("bind", "/t", null, Base.stage("deps"), null, null, true, null, null, null));
    assertThat(MountLines.format(p.mounts())).isEqualTo("type=cache,target=/root/.cache,id=go\n"
        + "type=bind,target=/t,from=deps,rw");
    assertThat(MountLines.parse("type=cache,colour=red", Set.of()).problem())
        .isEqualTo("Mount line 1: the field colour is not one of type, target, source, from, id, sharing, rw, env,"
            + " required, size.");
    assertThat(MountLines.parse("type=ssh", Set.of()).problem()).contains("not one of cache, bind");
  }
}
