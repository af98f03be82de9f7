package dev.templatestudio.app.studio.problems;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.DirectTaskRunner;
import dev.templatestudio.app.studio.common.TaskRunner;
import dev.templatestudio.app.studio.document.Examples;
import dev.templatestudio.app.studio.document.TemplateDocument;
import dev.templatestudio.bridge.dockerfile.Diagnostic;
import dev.templatestudio.bridge.template.AptStep;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Ready;
import dev.templatestudio.bridge.template.Start;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ProblemsViewModelTest {
  /**
   * The example before its copy, workdir and start: the cases below count its two steps. Its
   * lint findings are silenced so they count validation alone; the lint cases say otherwise.
   */
  private static final dev.templatestudio.bridge.template.Template SHORT_EXAMPLE =
      Examples.python().withSteps(Examples.python().steps().subList(0, 2)).withStart(null)
          .withLintIgnore(List.of("APT-RECOMMENDS", "PIP-CACHE"));
  private final TemplateDocument doc = new TemplateDocument(SHORT_EXAMPLE, null, "Untitled");
  private final ProblemsViewModel vm = new ProblemsViewModel(doc, new DirectTaskRunner());

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

  @Test
  void lintFindingsAreWarningsWithTheirRuleThatNeverBlockTheBuild() {
    doc.edit("secret", t -> t.withBuildEnvs(java.util.Map.of("NPM_TOKEN", "abc"))
        .withStep(1, new RunStep("curl -fsSL https://example.com/i.sh | sh")));
    assertThat(vm.items()).extracting(ProblemItem::rule, ProblemItem::part, ProblemItem::field, ProblemItem::error)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("SECRET-ENV", -1, "buildEnvs.NPM_TOKEN", false),
            org.assertj.core.groups.Tuple.tuple("CURL-PIPE", 2, "steps[1].command", false));
    assertThat(vm.items().get(1).text()).startsWith("step 2: CURL-PIPE: step 2 runs a script straight from the network")
        .endsWith("(fix: download the script to a file, check it against a known sha256 (sha256sum -c), then run it)");
    assertThat(vm.canBuild()).as("a lint error is advice, not a validation error").isTrue();
    assertThat(vm.errorCountProperty().get()).isZero();
    assertThat(vm.problems()).as("the inspector's fields are marked by validation alone").isEmpty();
  }

  @Test
  void lintIgnoreTakesTheRowAwayAndBasePinnedByTagOnlyIsNotShown() {
    doc.edit("lint", t -> t.withLintIgnore(List.of()));
    assertThat(vm.items()).extracting(ProblemItem::rule).containsExactly("APT-RECOMMENDS", "PIP-CACHE");
    doc.edit("silence", t -> t.withLintIgnore(List.of("PIP-CACHE")));
    assertThat(vm.items()).extracting(ProblemItem::rule).containsExactly("APT-RECOMMENDS");
  }

  @Test
  void lintRunsOnTheTaskRunnerAndAnOutdatedResultIsDropped() {
    HeldTasks held = new HeldTasks();
    TemplateDocument d = new TemplateDocument(SHORT_EXAMPLE.withLintIgnore(List.of()), null, "Untitled");
    ProblemsViewModel later = new ProblemsViewModel(d, held);
    assertThat(later.items()).as("nothing until the background work is done").isEmpty();
    d.edit("fix pip", t -> t.withSteps(t.steps().subList(0, 1)));
    held.finish(1);
    assertThat(later.items()).extracting(ProblemItem::rule).containsExactly("APT-RECOMMENDS");
    held.finish(0);
    assertThat(later.items()).as("the first run's result is of a template edited since")
        .extracting(ProblemItem::rule).containsExactly("APT-RECOMMENDS");
  }

  /** Keeps background work until the test finishes it, in any order, on the test's thread. */
  private static final class HeldTasks implements TaskRunner {
    private final List<Runnable> held = new ArrayList<>();

    @Override
    public <T> void run(Callable<T> work, Consumer<T> onDone, Consumer<Exception> onError) {
      held.add(() -> new DirectTaskRunner().run(work, onDone, onError));
    }

    void finish(int index) {
      held.get(index).run();
    }
  }
}
