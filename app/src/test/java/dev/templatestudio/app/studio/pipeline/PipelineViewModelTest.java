package dev.templatestudio.app.studio.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.document.Examples;
import dev.templatestudio.app.studio.document.StepKind;
import dev.templatestudio.app.studio.document.TemplateDocument;
import dev.templatestudio.bridge.template.AptStep;
import dev.templatestudio.bridge.template.PipStep;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Step;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineViewModelTest {
  /** The example before its copy, workdir and start: the cases below count its two steps. */
  private static final dev.templatestudio.bridge.template.Template SHORT_EXAMPLE =
      Examples.python().withSteps(Examples.python().steps().subList(0, 2)).withStart(null);
  private final TemplateDocument doc = new TemplateDocument(SHORT_EXAMPLE, null, "Untitled");
  private final PipelineViewModel vm = new PipelineViewModel(doc);

  private List<String> types() {
    return doc.template().steps().stream().map(Step::type).toList();
  }

  @Test
  void cardsAreTheBaseTheStepsAndTheStart() {
    assertThat(vm.cards()).extracting(PipelineCard::kind).containsExactly("FROM", "apt", "pip");
    assertThat(vm.cards().get(1).summary()).isEqualTo("git, curl");
    doc.edit("start", t -> StepKind.START.addTo(t, 0));
    assertThat(vm.cards()).extracting(PipelineCard::kind).containsExactly("FROM", "apt", "pip", "start");
  }

  @Test
  void addingAtAPositionInsertsThereAndSelectsTheNewCard() {
    vm.add(StepKind.RUN, 1);
    assertThat(types()).containsExactly("apt", "run", "pip");
    assertThat(vm.focusedPart()).isEqualTo(2);
    assertThat(vm.selectedParts()).containsExactly(2);
    doc.undo();
    assertThat(types()).containsExactly("apt", "pip");
  }

  @Test
  void appendAddsAfterTheSelection() {
    vm.select(1);
    vm.append(StepKind.ENV);
    assertThat(types()).containsExactly("apt", "env", "pip");
  }

  @Test
  void movingUpAndDownFollowsTheSelectionAndUndoes() {
    vm.select(2);
    vm.moveSelected(-1);
    assertThat(types()).containsExactly("pip", "apt");
    assertThat(vm.selectedParts()).containsExactly(1);
    vm.moveSelected(-1);
    assertThat(types()).containsExactly("pip", "apt");
    doc.undo();
    assertThat(types()).containsExactly("apt", "pip");
  }

  @Test
  void dragMovingSeveralStepsKeepsThemTogether() {
    vm.add(StepKind.RUN, 2);
    vm.add(StepKind.USER, 3);
    vm.moveSteps(List.of(0, 1), 4);
    assertThat(types()).containsExactly("run", "user", "apt", "pip");
    assertThat(vm.selectedParts()).containsExactly(3, 4);
  }

  @Test
  void deleteAndDuplicateWorkOnTheSelection() {
    vm.select(List.of(1, 2));
    vm.duplicateSelected();
    assertThat(doc.template().steps()).containsExactly(new AptStep(List.of("git", "curl")),
        new PipStep(List.of("fastapi", "uvicorn")), new AptStep(List.of("git", "curl")),
        new PipStep(List.of("fastapi", "uvicorn")));
    assertThat(vm.selectedParts()).containsExactly(3, 4);
    vm.deleteSelected();
    assertThat(types()).containsExactly("apt", "pip");
    doc.undo();
    assertThat(types()).hasSize(4);
  }

  @Test
  void theBaseCannotBeDeletedOrMoved() {
    vm.select(0);
    vm.deleteSelected();
    vm.moveSelected(1);
    assertThat(doc.canUndoProperty().get()).isFalse();
  }

  @Test
  void summariesAreOneShortLine() {
    assertThat(CardSummaries.summary(new RunStep("echo a\necho b"))).isEqualTo("echo a \u2026");
    assertThat(CardSummaries.cut("x".repeat(CardSummaries.MAX + 100))).hasSize(CardSummaries.MAX);
  }

  @Test
  void dropPositionsFollowTheHalfOfTheCard() {
    assertThat(DropPositions.insertIndex(0, true, 3)).isEqualTo(0);
    assertThat(DropPositions.insertIndex(2, true, 3)).isEqualTo(1);
    assertThat(DropPositions.insertIndex(2, false, 3)).isEqualTo(2);
    assertThat(DropPositions.insertIndex(4, true, 3)).isEqualTo(3);
    assertThat(DropPositions.insertIndex(-1, true, 3)).isEqualTo(3);
  }

  @Test
  void aBadgeHoldsOnlyWhileItsStepAndEveryPartBeforeItAreAsBuilt() {
    doc.edit("run", t -> t.withSteps(List.of(t.steps().get(0), t.steps().get(1), new RunStep("make"))));
    assertThat(vm.changedSinceBuild(3)).isFalse();
    vm.setBuilt(doc.template());
    assertThat(vm.unchangedPartsProperty().get()).isEqualTo(5);
    vm.select(3);
    vm.moveSelected(-1);
    assertThat(types()).containsExactly("apt", "run", "pip");
    assertThat(List.of(0, 1, 2, 3)).filteredOn(vm::changedSinceBuild).containsExactly(2, 3);
    doc.undo();
    assertThat(List.of(0, 1, 2, 3)).filteredOn(vm::changedSinceBuild).isEmpty();
    vm.select(2);
    vm.duplicateSelected();
    assertThat(types()).containsExactly("apt", "pip", "pip", "run");
    assertThat(List.of(0, 1, 2, 3, 4)).filteredOn(vm::changedSinceBuild).containsExactly(3, 4);
    doc.undo();
    vm.select(1);
    vm.deleteSelected();
    assertThat(List.of(0, 1, 2)).filteredOn(vm::changedSinceBuild).containsExactly(1, 2);
    doc.undo();
    doc.edit("base", t -> t.withBase(dev.templatestudio.bridge.template.Base.image("python:3.13")));
    assertThat(List.of(0, 1, 2, 3)).filteredOn(vm::changedSinceBuild).containsExactly(0, 1, 2, 3);
    doc.undo();
    doc.edit("pip", t -> t.withStep(1, new PipStep(List.of("flask"))));
    assertThat(List.of(0, 1, 2, 3)).filteredOn(vm::changedSinceBuild).containsExactly(2, 3);
  }
}
