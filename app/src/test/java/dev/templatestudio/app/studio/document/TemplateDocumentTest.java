package dev.templatestudio.app.studio.document;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.template.Template;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TemplateDocumentTest {
  private final AtomicLong clock = new AtomicLong();
  private final TemplateDocument doc = new TemplateDocument(Examples.python(), null, "Untitled 1", clock::get);

  @Test
  void anEditMakesItDirtyAndUndoingItMakesItCleanAgain() {
    assertThat(doc.isDirty()).isFalse();
    assertThat(doc.titleProperty().get()).isEqualTo("fastapi-agent");
    doc.edit("Rename", t -> t.withName("other"));
    assertThat(doc.isDirty()).isTrue();
    assertThat(doc.titleProperty().get()).isEqualTo("other \u25CF");
    assertThat(doc.undoLabelProperty().get()).isEqualTo("Rename");
    doc.undo();
    assertThat(doc.template()).isEqualTo(Examples.python());
    assertThat(doc.isDirty()).isFalse();
    assertThat(doc.canRedoProperty().get()).isTrue();
    doc.redo();
    assertThat(doc.template().name()).isEqualTo("other");
  }

  @Test
  void anEditThatChangesNothingIsNotRecorded() {
    assertThat(doc.edit("Nothing", t -> t)).isFalse();
    assertThat(doc.canUndoProperty().get()).isFalse();
  }

  @Test
  void typingInOneFieldMergesIntoOneUndoStepWithinTheWindow() {
    doc.editMerging("name", "Edit name", t -> t.withName("a"));
    clock.addAndGet(100_000_000L);
    doc.editMerging("name", "Edit name", t -> t.withName("ab"));
    clock.addAndGet(TemplateDocument.MERGE_WINDOW_NANOS + 1);
    doc.editMerging("name", "Edit name", t -> t.withName("abc"));
    doc.undo();
    assertThat(doc.template().name()).isEqualTo("ab");
    doc.undo();
    assertThat(doc.template().name()).isEqualTo("fastapi-agent");
  }

  @Test
  void editsInAnotherFieldDoNotMerge() {
    doc.editMerging("name", "Edit name", t -> t.withName("a"));
    doc.editMerging("tags", "Edit tags", t -> t.withTags(List.of("x")));
    doc.undo();
    assertThat(doc.template().tags()).containsExactly("stable");
    assertThat(doc.template().name()).isEqualTo("a");
  }

  @Test
  void aNewEditDropsTheRedoHistory() {
    doc.edit("a", t -> t.withName("a"));
    doc.undo();
    doc.edit("b", t -> t.withName("b"));
    assertThat(doc.canRedoProperty().get()).isFalse();
  }

  @Test
  void savingRecordsTheFileAndWhatWasWritten() {
    Template written = doc.template().withName("x");
    doc.edit("x", t -> written);
    doc.edit("y", t -> t.withName("y"));
    doc.markSaved(Path.of("/tmp/a.template.json"), written);
    assertThat(doc.isDirty()).isTrue();
    assertThat(doc.displayName()).isEqualTo("y");
    doc.edit("no name", t -> t.withName(null));
    assertThat(doc.displayName()).isEqualTo("a.template.json");
    doc.undo();
    doc.undo();
    assertThat(doc.isDirty()).isFalse();
  }
}
