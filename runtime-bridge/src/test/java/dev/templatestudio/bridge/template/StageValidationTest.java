package dev.templatestudio.bridge.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Validation and JSON of build stages, copy and mount sources, mounts, shells and downloads. */
class StageValidationTest {
  private static List<String> errors(Template t) {
    return TemplateValidator.validate(t).stream().filter(Problem::isError).map(Problem::toString).toList();
  }

  private static Template staged(List<Stage> stages, Base base, Step... steps) {
    return Template.of(base, List.of(steps)).withStages(stages);
  }

  @Test
  void copyFromAnUnknownStageIsAnErrorAtTheStep() {
    Template t = staged(List.of(new Stage("build", Base.image("golang"), List.of())), Base.image("alpine"),
        new RunStep("true"), new CopyStep(List.of("/out"), "/out", null, null, Base.stage("biuld"), false));
    assertThat(errors(t)).containsExactly(
        "step 2, from.stage: error: there is no build stage \"biuld\"; the stages are build");
  }

  @Test
  void stageCyclesAreAnErrorNamingThePath() {
    Template t = staged(List.of(
        new Stage("a", Base.stage("b"), List.of()),
        new Stage("b", Base.image("alpine"), List.of(new RunStep("x", null,
            List.of(new Mount("bind", "/m", null, Base.stage("a"), null, null, null, null, null, null)), false)))),
        Base.stage("a"));
    assertThat(errors(t)).containsExactly("stages[0]: error: stage \"a\" depends on itself: a -> b -> a");
  }

  @Test
  void duplicateAndBadStageNamesAreErrors() {
    Template t = staged(List.of(new Stage("x", Base.image("alpine"), List.of()),
        new Stage("x", Base.image("alpine"), List.of()), new Stage("Bad Name", Base.image("a"), List.of())),
        Base.image("alpine"));
    assertThat(errors(t)).containsExactly(
        "stages[1].name: error: stage name \"x\" is used by stages[0] too; stage names are unique",
        "stages[2].name: error: stage name \"Bad Name\" must start with a lower-case letter, then letters,"
            + " digits, '.', '_' or '-'");
  }

  @Test
  void mountsWithoutTargetAndStageStepsHaveTheirPlace() {
    Template t = staged(List.of(new Stage("b", Base.image("alpine"),
        List.of(new RunStep("make", null, List.of(new Mount("tmpfs", null, null, null, null, null, null,
            null, null, null)), false)))), Base.image("alpine"),
        new RunStep("make", null, List.of(Mount.cache(null), Mount.secret(null, null, "T")), false));
    assertThat(errors(t)).containsExactly(
        "stages[0].steps[0].mounts[0].target: error: a tmpfs mount needs a target (the path it is mounted at)",
        "step 1, mounts[0].target: error: a cache mount needs a target (the path it is mounted at)",
        "step 1, mounts[1].target: error: a secret mount needs an id (the secret's name) or a target");
  }

  @Test
  void downloadsNeedAnHttpUrlAndASha256() {
    Template t = Template.of(Base.image("alpine"), List.of(
        new DownloadStep("ftp://x/y", "/y", "md5:abc", null, "0644", false)));
    assertThat(errors(t)).containsExactly(
        "step 1, url: error: \"ftp://x/y\" is not an http:// or https:// URL",
        "step 1, checksum: error: checksum \"md5:abc\" is not sha256: and 64 lower-case hex digits");
  }

  @Test
  void windowsAndUnexpandedBasesAreErrors() {
    assertThat(errors(Template.of(Base.image("mcr.microsoft.com/windows/nanoserver:ltsc2022"), List.of())))
        .singleElement().asString().contains("Windows image");
    assertThat(errors(Template.of(Base.image("$REGISTRY/x"), List.of())))
        .containsExactly("base.image: error: the base reference \"$REGISTRY/x\" still holds a $ variable;"
            + " give the ARG a default before FROM or write the reference out");
  }

  @Test
  void aTemplateWithoutTheNewPartsWritesAsBefore() throws Exception {
    Template t = Template.of(Base.image("alpine"), List.of(new RunStep("x"),
        new CopyStep(List.of("a"), "/a")));
    assertThat(TemplateJson.write(t)).isEqualTo("""
        {
          "schema": "template-studio/v1",
          "base": {
            "image": "alpine"
          },
          "steps": [
            {
              "type": "run",
              "command": "x"
            },
            {
              "type": "copy",
              "sources": [
                "a"
              ],
              "dest": "/a"
            }
          ]
        }
        """);
  }

  @Test
  void stagesMountsShellAndDownloadsReadBackEqual() throws Exception {
    Template t = staged(List.of(new Stage("build", Base.image("golang"), List.of("/bin/bash", "-c"),
        List.of(new RunStep("go build", null, List.of(Mount.cache("/root/.cache")), false)))),
        Base.stage("build"),
        new CopyStep(List.of("/out"), "/out", null, null, Base.stage("build"), false),
        new DownloadStep("https://e.org/f", "/f", "sha256:" + "a".repeat(64), "1:1", "0755", true))
        .withShell(List.of("/bin/sh", "-ec"));
    assertThat(errors(t)).isEmpty();
    assertThat(TemplateJson.read(TemplateJson.write(t), "t")).isEqualTo(t);
  }

  @Test
  void stagesUseOnlyStagesAboveThemAndUnusedStagesWarn() {
    Template t = staged(List.of(new Stage("a", Base.stage("b"), List.of()),
        new Stage("b", Base.image("alpine"), List.of()), new Stage("c", Base.image("alpine"), List.of())),
        Base.stage("a"));
    assertThat(TemplateValidator.validate(t)).extracting(Problem::toString).containsExactly(
        "stages[0]: error: stage \"a\" uses stage \"b\", which comes after it; a stage can only use the"
            + " stages above it, so move \"b\" up",
        "stages[2]: warning: stage \"c\" is not used by the final stage; a Dockerfile import would leave it out");
  }

  @Test
  void anImageNamedLikeAStageIsAnError() {
    Template t = staged(List.of(new Stage("nginx", Base.image("alpine"), List.of())), Base.stage("nginx"),
        new CopyStep(List.of("/x"), "/x", null, null, Base.image("nginx"), false));
    assertThat(errors(t)).singleElement().asString().startsWith("step 1, from.image: error: the image"
        + " \"nginx\" has the name of a build stage");
  }

  @Test
  void tooManyStagesIsOneError() {
    List<Stage> many = new java.util.ArrayList<>();
    for (int i = 0; i <= StageChecks.MAX_STAGES; i++) {
      many.add(new Stage("s" + i, i == 0 ? Base.image("alpine") : Base.stage("s" + (i - 1)), List.of()));
    }
    assertThat(errors(staged(many, Base.stage("s0")))).containsExactly(
        "stages: error: a template has at most 100 build stages and this one has 101");
  }
}
