package dev.templatestudio.bridge.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TemplateValidatorTest {

  private static List<Problem> problems(Step... steps) {
    return TemplateValidator.validate(Template.of(Base.image("python:3.12"), List.of(steps)));
  }

  @Test
  void aValidTemplateHasNoProblems() {
    assertThat(problems(new AptStep(List.of("git")), new WorkdirStep("/app"),
        new CopyStep(List.of("app/", "./x/../y"), "/app"))).isEmpty();
  }

  @Test
  void moreStepsThanTheLimitIsOneErrorOnTheStepList() {
    List<Step> steps = new java.util.ArrayList<>();
    for (int i = 0; i <= TemplateValidator.MAX_STEPS; i++) {
      steps.add(new EnvStep(java.util.Map.of("V" + i, "x"), false));
    }
    assertThat(TemplateValidator.validate(Template.of(Base.image("x"), steps.subList(0, TemplateValidator.MAX_STEPS))))
        .isEmpty();
    assertThat(TemplateValidator.validate(Template.of(Base.image("x"), steps))).containsExactly(Problem.error(-1,
        "steps", "a template has at most 1000 steps and this one has 1001; split it into templates that build on "
            + "one another (base.template)"));
  }

  @Test
  void emptyPackageListIsAnErrorAtItsStep() {
    assertThat(problems(new WorkdirStep("/a"), new PipStep(List.of())))
        .containsExactly(Problem.error(2, "steps[1].packages", "the package list is empty"));
  }

  @Test
  void relativeWorkdirIsAnErrorAtItsStep() {
    List<Problem> p = problems(new WorkdirStep("app"));
    assertThat(p).singleElement().satisfies(problem -> {
      assertThat(problem.step()).isEqualTo(1);
      assertThat(problem.field()).isEqualTo("steps[0].path");
      assertThat(problem.place()).isEqualTo("step 1, path");
      assertThat(problem.message()).contains("must be absolute");
    });
  }

  @Test
  void portOutOfRangeIsAnErrorOnTheReadyCheck() {
    Template t = Template.of(Base.image("x"), List.of())
        .withStart(new Start("serve", new Ready.Port(70000)));
    assertThat(TemplateValidator.validate(t)).singleElement().satisfies(problem -> {
      assertThat(problem.step()).isEqualTo(-1);
      assertThat(problem.field()).isEqualTo("start.ready.port");
      assertThat(problem.message()).contains("out of range");
    });
  }

  @Test
  void copySourcesOutsideTheContextAreErrorsAtTheirIndex() {
    List<Problem> p = problems(new CopyStep(List.of("ok/", "../x", "/abs"), "/app"));
    assertThat(p).extracting(Problem::field)
        .containsExactly("steps[0].sources[1]", "steps[0].sources[2]");
    assertThat(p).allSatisfy(problem -> {
      assertThat(problem.isError()).isTrue();
      assertThat(problem.step()).isEqualTo(1);
      assertThat(problem.message()).contains("outside the build context");
    });
  }

  @Test
  void contextCheckWorksOnTextWhateverTheCharacters() {
    assertThat(problems(new CopyStep(List.of("😀/ü", "a/../b", "./x", "a\\b"), "/app"))).isEmpty();
    assertThat(problems(new CopyStep(List.of("a/../../x", "..\\x", "\\abs"), "/app")))
        .extracting(Problem::field)
        .containsExactly("steps[0].sources[0]", "steps[0].sources[1]", "steps[0].sources[2]");
  }

  @Test
  void copyPatternsMustStayInTheContextAndBeValid() {
    assertThat(problems(new CopyStep(List.of("*.py", "requirements*.txt", "data[0-9].csv"), "/app/")))
        .isEmpty();
    List<Problem> p = problems(new CopyStep(List.of("../*", "*/../../x", "/*", "src/[abc"), "/app/"));
    assertThat(p).extracting(Problem::field).containsExactly("steps[0].sources[0]",
        "steps[0].sources[1]", "steps[0].sources[2]", "steps[0].sources[3]");
    assertThat(p.subList(0, 3)).allSatisfy(problem ->
        assertThat(problem.message()).contains("outside the build context"));
    assertThat(p.get(3).message()).isEqualTo("source \"src/[abc\" is not a valid pattern: "
        + "\"[abc\" has a [ without its closing ]");
  }

  @Test
  void usersMayBeVariableReferencesAsDockerfilesWriteThem() {
    assertThat(problems(new UserStep("${NB_UID}"), new UserStep("$UID:$GID"),
        new UserStep("app:app"))).isEmpty();
    assertThat(problems(new UserStep("a b"))).extracting(Problem::field)
        .containsExactly("steps[0].name");
  }

  @Test
  void templateWideProblemsNameTheirField() {
    Template t = Template.of(Base.image("has space"), List.of()).withName("Bad Name")
        .withSecrets(List.of("1X"));
    assertThat(TemplateValidator.validate(t)).extracting(Problem::field)
        .containsExactly("name", "base.image", "secrets[0]");
  }

  @Test
  void aNameTheStoreCouldNotFindAgainIsAnErrorHereAlready() {
    for (String name : List.of("web-", "a..b", "a-_b", "x".repeat(129))) {
      Template t = Template.of(Base.image("busybox"), List.of()).withName(name);
      assertThat(TemplateValidator.validate(t)).as(name).extracting(Problem::field).containsExactly("name");
      assertThat(TemplateNames.publishProblem(name, List.of())).as(name).startsWith("\"" + name + "\" cannot be");
    }
    Template ok = Template.of(Base.image("busybox"), List.of()).withName("my.web-app_2");
    assertThat(TemplateValidator.validate(ok)).isEmpty();
    assertThat(TemplateNames.publishProblem("my.web-app_2", List.of("v1.0", "-bad"))).isEqualTo(
        "\"-bad\" cannot be a tag: use letters, digits and . _ -, starting with a letter, digit or _ (at most 128)");
  }
}
