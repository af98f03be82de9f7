package dev.templatestudio.app.studio.inspector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.document.Examples;
import dev.templatestudio.app.studio.document.TemplateDocument;
import dev.templatestudio.app.studio.logview.StepProgress;
import dev.templatestudio.app.studio.logview.StepState;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.Template;
import java.nio.file.Path;
import java.util.List;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inspector's state and edits without the toolkit: what the view shows and what its forms do. */
class InspectorViewModelTest {
  @TempDir
  Path context;
  private final TemplateDocument document = new TemplateDocument(Examples.python(), null, "t");
  private final SimpleIntegerProperty focused = new SimpleIntegerProperty(-1);
  private final ObservableMap<Integer, StepProgress> steps = FXCollections.observableHashMap();
  private final SimpleIntegerProperty unchangedParts = new SimpleIntegerProperty(Integer.MAX_VALUE);
  private final SimpleStringProperty suggestedName = new SimpleStringProperty();
  private final InspectorViewModel vm = new InspectorViewModel(document, focused, steps,
      part -> part >= unchangedParts.get(), unchangedParts, List::of, () -> context, suggestedName);

  private int copyStep() {
    List<?> s = document.template().steps();
    for (int i = 0; i < s.size(); i++) {
      if (s.get(i) instanceof CopyStep) {
        return i;
      }
    }
    throw new AssertionError("the example has a copy step");
  }

  @Test
  void theHeadingNamesThePartInFocus() {
    assertThat(vm.headingProperty().get()).isEqualTo("Nothing selected");
    focused.set(0);
    assertThat(vm.headingProperty().get()).isEqualTo("Base image \u00B7 step 0");
    focused.set(copyStep() + 1);
    assertThat(vm.headingProperty().get()).isEqualTo("Copy files \u00B7 step " + (copyStep() + 1));
    focused.set(document.template().steps().size() + 1);
    assertThat(vm.headingProperty().get()).isEqualTo("Start command and ready check");
  }

  @Test
  void theLastBuildSaysWhatItDidAndWhetherThePartChangedSince() {
    focused.set(2);
    assertThat(vm.lastBuildProperty().get()).isEmpty();
    steps.put(2, new StepProgress(StepState.DONE, 0, 1200L, "parent changed"));
    assertThat(vm.lastBuildProperty().get()).isEqualTo("Last build: done \u2014 rebuilt because parent changed");
    unchangedParts.set(1);
    assertThat(vm.lastBuildProperty().get()).isEqualTo("Last build: done \u2014 changed since then; it will be built again");
  }

  @Test
  void editsGoToTheDocumentAndUndoAsOne() {
    Template before = document.template();
    assertThat(vm.editMerging("name", "Edit name", t -> t.withName("a"))).isTrue();
    assertThat(vm.editMerging("name", "Edit name", t -> t.withName("ab"))).isTrue();
    assertThat(document.template().name()).isEqualTo("ab");
    document.undo();
    assertThat(document.template()).isEqualTo(before);
  }

  @Test
  void copySourcesAreAddedRelativeToTheContextAndOnesOutsideItAreRefused() {
    int i = copyStep();
    assertThat(vm.addCopySources(i, List.of(context.resolve("src/main.py"), context.resolve("app/")))).isNull();
    assertThat(((CopyStep) document.template().steps().get(i)).sources()).endsWith("src/main.py", "app");
    Path outside = context.resolveSibling("elsewhere.txt");
    assertThat(vm.addCopySources(i, List.of(outside)))
        .isEqualTo(outside + " is outside the context folder " + context + "; copy sources must be inside it.");
  }

  @Test
  void theNameFieldSaysWhichNameABuildTakesFromTheFile() {
    assertThat(vm.namePromptProperty().get()).isEmpty();
    suggestedName.set("web");
    assertThat(vm.namePromptProperty().get()).isEqualTo("web (from its file)");
  }

  @Test
  void aFormIsMadeAnewOnlyWhenItsLayoutChanges() {
    focused.set(1);
    String layout = vm.partLayout();
    vm.edit("Rename", t -> t.withName("other"));
    assertThat(vm.partLayout()).isEqualTo(layout);
    focused.set(2);
    assertThat(vm.partLayout()).isNotEqualTo(layout);
  }
}
