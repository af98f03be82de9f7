package dev.templatestudio.app.studio.preview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.document.Examples;
import dev.templatestudio.app.studio.document.TemplateDocument;
import dev.templatestudio.bridge.dockerfile.RenderedDockerfile.LineRange;
import dev.templatestudio.bridge.template.Base;
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
}
