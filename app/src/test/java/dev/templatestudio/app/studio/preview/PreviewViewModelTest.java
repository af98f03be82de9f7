package dev.templatestudio.app.studio.preview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.document.Examples;
import dev.templatestudio.app.studio.document.TemplateDocument;
import dev.templatestudio.bridge.dockerfile.RenderedDockerfile.LineRange;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.Step;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.SimpleIntegerProperty;
import org.junit.jupiter.api.Test;

class PreviewViewModelTest {
  private final TemplateDocument doc = new TemplateDocument(Examples.python(), null, "Untitled");
  private final SimpleIntegerProperty focused = new SimpleIntegerProperty(-1);
  private final PreviewViewModel vm = new PreviewViewModel(doc, focused, "FROM x\n");

  @Test
  void theDockerfileFollowsEditsAndMarksTheSelectedStep() {
    assertThat(vm.text()).contains("FROM python:3.12");
    doc.edit("base", t -> t.withBase(Base.image("python:3.13")));
    assertThat(vm.text()).contains("FROM python:3.13");
    focused.set(2);
    LineRange pip = vm.selectedLinesProperty().get();
    assertThat(pip).isNotNull();
    assertThat(vm.text().lines().skip(pip.first() - 1).findFirst().orElseThrow()).contains("pip install fastapi uvicorn");
    assertThat(vm.partAtLine(pip.first())).isEqualTo(2);
  }

  @Test
  void otherFormatsAndTheImportedSource() {
    vm.formatProperty().set(PreviewFormat.JSON);
    assertThat(vm.text()).contains("\"schema\": \"template-studio/v1\"");
    assertThat(vm.partAtLine(1)).isEqualTo(-1);
    vm.formatProperty().set(PreviewFormat.PYTHON);
    assertThat(vm.text()).contains("fastapi");
    vm.formatProperty().set(PreviewFormat.SOURCE);
    assertThat(vm.text()).isEqualTo("FROM x\n");
  }

  /** The text of the lines the selected part covers. */
  private String marked() {
    LineRange r = vm.selectedLinesProperty().get();
    return r == null ? null : String.join("\n", vm.text().lines().skip(r.first() - 1).limit(r.last() - r.first() + 1).toList());
  }

  @Test
  void theJsonAndPythonMarkEachPartsLinesAndClickingALineFindsItsPart() {
    doc.edit("steps", t -> {
      List<Step> steps = new ArrayList<>(t.steps());
      steps.set(1, steps.get(1).withForce(true));
      // A half-made document: an empty step has a place in every format.
      steps.add(2, null);
      return t.withSteps(steps);
    });
    int n = doc.template().steps().size();
    vm.formatProperty().set(PreviewFormat.JSON);
    focused.set(0);
    assertThat(marked()).contains("\"base\"", "python:3.12").doesNotContain("\"steps\"");
    focused.set(2);
    assertThat(marked()).contains("\"pip\"", "\"force\": true").doesNotContain("\"apt\"", "\"copy\"");
    focused.set(3);
    assertThat(marked()).isEqualTo("    null,");
    focused.set(n + 1);
    assertThat(marked()).contains("\"start\"", "8000").doesNotContain("APP_ENV");
    LineRange start = vm.selectedLinesProperty().get();
    assertThat(vm.partAtLine(start.last())).isEqualTo(n + 1);

    vm.formatProperty().set(PreviewFormat.PYTHON);
    focused.set(2);
    assertThat(marked()).isEqualTo("    .skip_cache()\n    .pip_install([\"fastapi\", \"uvicorn\"])");
    focused.set(3);
    assertThat(marked()).isEqualTo("    # (an empty step)");
    focused.set(n + 1);
    assertThat(marked()).contains(".set_runtime_envs(", ".set_start_cmd(");
    assertThat(vm.partAtLine(vm.selectedLinesProperty().get().first())).isEqualTo(n + 1);
    assertThat(vm.partAtLine(1)).isEqualTo(-1);
  }
}
