package dev.templatestudio.app.studio.stages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.document.StageLens;
import dev.templatestudio.app.studio.document.StepKind;
import dev.templatestudio.app.studio.document.TemplateDocument;
import dev.templatestudio.app.studio.pipeline.PipelineViewModel;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Stage;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.TemplateStages;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stage strip's model and the pipeline of the stage on show, without the toolkit. */
class StagesViewModelTest {
  private final TemplateDocument doc = new TemplateDocument(Template.of(Base.image("debian:bookworm-slim"),
      List.of(new CopyStep(List.of("/out"), "/app", null, null, Base.stage("build"), false)))
      .withStages(List.of(new Stage("build", Base.image("golang:1.22"), List.of(new RunStep("make"))))), null, "t");
  private final StageLens lens = new StageLens(doc);
  private final StagesViewModel stages = new StagesViewModel(lens);
  private final PipelineViewModel pipeline = new PipelineViewModel(lens);

  @Test
  void thePipelineAddsToTheStageOnShowAndUndoKeepsTheStage() {
    stages.show(0);
    assertThat(pipeline.cards()).hasSize(2);
    pipeline.select(1);
    pipeline.append(StepKind.WORKDIR);
    assertThat(doc.template().stages().get(0).steps()).hasSize(2);
    assertThat(doc.template().steps()).hasSize(1);
    assertThat(pipeline.cards()).hasSize(3);
    assertThat(pipeline.focusedPart()).isEqualTo(2);
    doc.undo();
    assertThat(doc.template().stages().get(0).steps()).containsExactly(new RunStep("make"));
    assertThat(lens.stage()).isZero();
  }

  @Test
  void addRenameRemove() {
    stages.add();
    assertThat(stages.names()).containsExactly("build", "stage2");
    assertThat(lens.stage()).isEqualTo(1);
    assertThat(stages.remove(0)).isEqualTo("Stage build is still used by step 1 (copy from); change those first.");
    assertThat(stages.rename(0, "compile")).isNull();
    assertThat(((CopyStep) doc.template().steps().get(0)).from()).isEqualTo(Base.stage("compile"));
    assertThat(stages.remove(1)).isNull();
    assertThat(lens.stage()).isEqualTo(TemplateStages.FINAL);
    doc.undo();
    doc.undo();
    doc.undo();
    assertThat(stages.names()).containsExactly("build");
    assertThat(lens.stage()).isEqualTo(TemplateStages.FINAL);
  }
}
