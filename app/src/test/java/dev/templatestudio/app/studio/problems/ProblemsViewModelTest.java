package dev.templatestudio.app.studio.problems;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.document.Examples;
import dev.templatestudio.app.studio.document.TemplateDocument;
import dev.templatestudio.bridge.dockerfile.Diagnostic;
import dev.templatestudio.bridge.template.AptStep;
import dev.templatestudio.bridge.template.Ready;
import dev.templatestudio.bridge.template.Start;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemsViewModelTest {
  /** The example before its copy, workdir and start: the cases below count its two steps. */
  private static final dev.templatestudio.bridge.template.Template SHORT_EXAMPLE =
      Examples.python().withSteps(Examples.python().steps().subList(0, 2)).withStart(null);
  private final TemplateDocument doc = new TemplateDocument(SHORT_EXAMPLE, null, "Untitled");
  private final ProblemsViewModel vm = new ProblemsViewModel(doc);

  @Test
  void problemsCarryTheirStepAndBlockTheBuild() {
    assertThat(vm.items()).isEmpty();
    assertThat(vm.blockedReasonProperty().get()).isEmpty();
    doc.edit("bad", t -> t.withStep(1, new AptStep(List.of("a b"))));
    assertThat(vm.items()).extracting(ProblemItem::part, ProblemItem::field).containsExactly(
        org.assertj.core.groups.Tuple.tuple(2, "steps[1].packages[0]"));
    assertThat(vm.errorCountProperty().get()).isEqualTo(1);
    assertThat(vm.blockedReasonProperty().get()).startsWith("Cannot build: 1 error \u2014 step 2, packages[0]:");
  }

  @Test
  void aReadyProblemBelongsToTheStartCard() {
    doc.edit("bad", t -> t.withStart(new Start("run", new Ready.Port(70000))));
    assertThat(vm.items().get(0).part()).isEqualTo(3);
  }

  @Test
  void importDiagnosticsComeFirstWithTheirLine() {
    doc.setImportDiagnostics(List.of(Diagnostic.warning("Dockerfile", 4, 1, "LABEL is ignored")));
    assertThat(vm.items()).extracting(ProblemItem::text).containsExactly("line 4: LABEL is ignored");
    assertThat(vm.errorCountProperty().get()).isZero();
  }

  @Test
  void importErrorsBlockTheBuildUntilTheUserEditsOrDismisses() {
    doc.setImportDiagnostics(List.of(Diagnostic.error("Dockerfile", 2, 1, "ONBUILD is not supported"),
        Diagnostic.error("Dockerfile", 5, 1, "HEALTHCHECK is not supported"),
        Diagnostic.warning("Dockerfile", 4, 1, "LABEL is ignored")));
    assertThat(vm.canBuild()).isFalse();
    assertThat(vm.blockedReasonProperty().get())
        .isEqualTo("2 instructions of the Dockerfile could not be imported; see Problems");
    vm.dismissImportErrors();
    assertThat(vm.canBuild()).isTrue();
    assertThat(vm.items()).hasSize(3);

    doc.setImportDiagnostics(List.of(Diagnostic.error("Dockerfile", 2, 1, "ONBUILD is not supported")));
    assertThat(vm.blockedReasonProperty().get())
        .isEqualTo("1 instruction of the Dockerfile could not be imported; see Problems");
    doc.edit("name", t -> t.withName("edited"));
    assertThat(vm.canBuild()).isTrue();
    assertThat(vm.importBlocksProperty().get()).isFalse();
  }
}
