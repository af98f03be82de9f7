package dev.templatestudio.app.studio.document;

import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.TemplateStages;
import java.util.function.UnaryOperator;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * The stage of a document that the pipeline and the inspector show and edit: the final stage
 * (the template's own base and steps) or one build stage, seen as if it were the template
 * ({@link TemplateStages#view}). Edits made through it land in that stage of the document, so
 * they are undone like any other. When the stage on show goes away (an undo of its adding), the
 * final stage is shown. FX thread.
 */
public final class StageLens {
  private final TemplateDocument document;
  private final ReadOnlyIntegerWrapper stage = new ReadOnlyIntegerWrapper(this, "stage", TemplateStages.FINAL);
  private final ReadOnlyObjectWrapper<Template> view = new ReadOnlyObjectWrapper<>(this, "template");

  public StageLens(TemplateDocument document) {
    this.document = document;
    document.templateProperty().addListener((o, a, t) -> refresh());
    refresh();
  }

  public TemplateDocument document() {
    return document;
  }

  /** The stage on show: its index in the template's stages, or {@link TemplateStages#FINAL}. */
  public ReadOnlyIntegerProperty stageProperty() {
    return stage.getReadOnlyProperty();
  }

  public int stage() {
    return stage.get();
  }

  public boolean isFinal() {
    return stage.get() == TemplateStages.FINAL;
  }

  /** The name of the stage on show; null for the final stage. */
  public String stageName() {
    return isFinal() ? null : document.template().stages().get(stage.get()).name();
  }

  /** Shows stage {@code index} ({@link TemplateStages#FINAL} or out of range: the final stage). */
  public void show(int index) {
    int next = index >= 0 && index < document.template().stages().size() ? index : TemplateStages.FINAL;
    if (next != stage.get()) {
      // The stage first, then the template: listeners of the template read the stage it is of.
      stage.set(next);
      refresh();
    }
  }

  /** The stage on show, as a template (the document's template itself for the final stage). */
  public ReadOnlyObjectProperty<Template> templateProperty() {
    return view.getReadOnlyProperty();
  }

  public Template template() {
    return view.get();
  }

  /** {@code full}, another version of the document's template, as the stage on show sees it. */
  public Template viewOf(Template full) {
    return full == null ? null : TemplateStages.view(full, stage.get());
  }

  /** One edit of the stage on show, undone as one; false when it changed nothing. */
  public boolean edit(String label, UnaryOperator<Template> change) {
    int at = stage.get();
    return document.edit(label, full -> TemplateStages.apply(full, at, change.apply(TemplateStages.view(full, at))));
  }

  /** An edit that merges with the previous one of the same field of the same stage within a moment. */
  public boolean editMerging(String mergeKey, String label, UnaryOperator<Template> change) {
    int at = stage.get();
    return document.editMerging(at + ":" + mergeKey, label,
        full -> TemplateStages.apply(full, at, change.apply(TemplateStages.view(full, at))));
  }

  /**
   * A validation problem's field as the stage on show names it ({@code stages[1].steps[0].command}
   * is {@code steps[0].command} while stage 1 is shown); null when the field is not in it.
   */
  public String localField(String field) {
    int of = TemplateStages.stageOf(field);
    if (isFinal()) {
      return of == TemplateStages.FINAL ? field : null;
    }
    return of == stage.get() ? TemplateStages.localField(field) : null;
  }

  private void refresh() {
    if (stage.get() >= document.template().stages().size()) {
      stage.set(TemplateStages.FINAL);
    }
    view.set(TemplateStages.view(document.template(), stage.get()));
  }
}
