package dev.templatestudio.app.studio.stages;

import dev.templatestudio.app.studio.document.StageLens;
import dev.templatestudio.app.studio.document.TemplateDocument;
import dev.templatestudio.bridge.template.Stage;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.TemplateStages;
import java.util.List;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The build stages of one document and which one the pipeline shows: the stage strip's model.
 * Adding, renaming and removing a stage are edits of the document (undone as one); a rename
 * follows every reference to the stage, and a stage still in use is not removed. FX thread.
 */
public final class StagesViewModel {
  private final StageLens lens;
  private final TemplateDocument document;
  private final ObservableList<String> names = FXCollections.observableArrayList();

  public StagesViewModel(StageLens lens) {
    this.lens = lens;
    this.document = lens.document();
    document.templateProperty().addListener((o, a, t) -> refresh(t));
    refresh(document.template());
  }

  /** The build stages' names in file order; the final stage follows them and has none. */
  public ObservableList<String> names() {
    return names;
  }

  /** The stage on show: an index into {@link #names()}, or {@link TemplateStages#FINAL}. */
  public ReadOnlyIntegerProperty shownProperty() {
    return lens.stageProperty();
  }

  /** Shows stage {@code index} in the pipeline and the inspector ({@link TemplateStages#FINAL}: the final stage). */
  public void show(int index) {
    lens.show(index);
  }

  /** Adds an empty stage above the final stage, under a fresh name, and shows it. */
  public void add() {
    String name = TemplateStages.freshName(document.template());
    if (document.edit("Add stage " + name, t -> TemplateStages.add(t, name))) {
      lens.show(document.template().stages().size() - 1);
    }
  }

  /**
   * Renames stage {@code index} to {@code to}, and every reference to it.
   *
   * @return why it was not renamed, in one sentence; null when it was (or the name is the same)
   */
  public String rename(int index, String to) {
    Template t = document.template();
    if (index < 0 || index >= t.stages().size()) {
      return null;
    }
    String from = t.stages().get(index).name();
    String name = to == null ? null : to.strip();
    String problem = TemplateStages.renameProblem(t, from, name);
    if (problem == null) {
      document.edit("Rename stage " + from, x -> TemplateStages.rename(x, from, name));
    }
    return problem;
  }

  /**
   * Removes stage {@code index} with its steps, unless a stage or step still uses it.
   *
   * @return why it was not removed, in one sentence; null when it was
   */
  public String remove(int index) {
    Template t = document.template();
    if (index < 0 || index >= t.stages().size()) {
      return null;
    }
    String name = t.stages().get(index).name();
    String problem = TemplateStages.removeProblem(t, name);
    if (problem == null) {
      lens.show(TemplateStages.FINAL);
      document.edit("Remove stage " + name, x -> TemplateStages.remove(x, name));
    }
    return problem;
  }

  private void refresh(Template t) {
    List<String> now = t.stages().stream().map(Stage::name).toList();
    if (!now.equals(names)) {
      names.setAll(now);
    }
  }
}
