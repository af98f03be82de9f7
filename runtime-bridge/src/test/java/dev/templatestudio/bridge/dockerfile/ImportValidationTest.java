package dev.templatestudio.bridge.dockerfile;

import static dev.templatestudio.bridge.dockerfile.ImportAssertions.clean;
import static dev.templatestudio.bridge.dockerfile.ImportAssertions.diagnostic;
import static dev.templatestudio.bridge.dockerfile.ImportAssertions.imp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.GitCloneStep;
import dev.templatestudio.bridge.template.Problem.Severity;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.TemplateValidator;
import dev.templatestudio.bridge.template.WorkdirStep;
import org.junit.jupiter.api.Test;

/** An import succeeds only with a template that validates; its errors point at the source. */
class ImportValidationTest {

  @Test
  void aCopySourceOutsideTheContextIsAnErrorAtItsInstruction() {
    ImportResult r = imp("FROM alpine\nRUN true\n  COPY ../secret /x\n");
    assertThat(r.hasErrors()).isTrue();
    diagnostic(r, 3, 3, Severity.ERROR, "outside the build context");
  }

  @Test
  void aSymbolicChmodIsAnErrorAtItsInstruction() {
    diagnostic(imp("FROM alpine\nCOPY --chmod=u+x a /x\n"), 2, 1, Severity.ERROR, "not octal");
  }

  @Test
  void aUserWithASpaceIsAnErrorAtItsInstruction() {
    diagnostic(imp("FROM alpine\nWORKDIR /a\nUSER \"a b\"\n"), 3, 1, Severity.ERROR,
        "is not a user");
  }

  @Test
  void eachStepKnowsTheLineItCameFrom() {
    ImportResult r = imp("FROM alpine\n\nRUN a\n# c\nENV A=1\n");
    assertThat(r.stepPlaces()).containsExactly(new ImportResult.Place(3, 1),
        new ImportResult.Place(5, 1));
  }

  @Test
  void aWorkdirStartingWithAVariableIsKept() {
    Template t = clean("FROM alpine\nWORKDIR $HOME/app\n");
    assertThat(t.steps()).containsExactly(new WorkdirStep("$HOME/app"));
    assertThat(TemplateValidator.validate(Template.of(Base.image("a"),
        java.util.List.of(new GitCloneStep("https://x/y.git", "$HOME/src", null, null, false)))))
        .isEmpty();
  }

  @Test
  void anArgExpandingToAnEmptyTagIsAWarningAtTheFrom() {
    ImportResult r = imp("ARG V\nFROM a:$V\n");
    diagnostic(r, 2, 6, Severity.WARNING, "empty tag");
    assertThat(r.hasErrors()).isFalse();
  }
}
