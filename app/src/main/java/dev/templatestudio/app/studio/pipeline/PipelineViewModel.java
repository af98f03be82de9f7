package dev.templatestudio.app.studio.pipeline;

import dev.templatestudio.app.studio.document.StageLens;
import dev.templatestudio.app.studio.document.StepKind;
import dev.templatestudio.app.studio.document.TemplateDocument;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.TemplateEdits;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The pipeline of one document: its cards and which are selected, and the commands that
 * change the step list (add, move, delete, duplicate). Every change is an edit on the
 * document, so it can be undone. FX thread only.
 */
public final class PipelineViewModel {
  private final StageLens lens;
  private final ObservableList<PipelineCard> cards = FXCollections.observableArrayList();
  private final ObservableList<Integer> selectedParts = FXCollections.observableArrayList();
  private final ObservableList<Integer> selectedPartsView = FXCollections.unmodifiableObservableList(selectedParts);
  private final ReadOnlyIntegerWrapper focusedPart = new ReadOnlyIntegerWrapper(this, "focusedPart", -1);
  private final ReadOnlyIntegerWrapper unchangedParts = new ReadOnlyIntegerWrapper(this, "unchangedParts");
  private Template built;
  private final ReadOnlyBooleanWrapper refreshing = new ReadOnlyBooleanWrapper(this, "refreshing");

  public PipelineViewModel(TemplateDocument document) {
    this(new StageLens(document));
  }

  /** The pipeline of the stage {@code lens} shows: its cards change with the stage on show. */
  public PipelineViewModel(StageLens lens) {
    this.lens = lens;
    lens.stageProperty().addListener((obs, old, s) -> select(List.of()));
    lens.templateProperty().addListener((obs, old, t) -> refresh(t));
    refresh(lens.template());
  }

  /** The stage whose cards these are. */
  public StageLens lens() {
    return lens;
  }

  /** The cards in order; replaced element by element when the template changes. */
  public ObservableList<PipelineCard> cards() {
    return cards;
  }

  /** What card {@code part} is, in a few words (its kind and summary); "" for no such card. */
  public String describe(int part) {
    if (part < 0 || part >= cards.size()) {
      return "";
    }
    PipelineCard card = cards.get(part);
    return card.kind() + " " + card.summary();
  }

  /** The selected parts (0 base, 1…N steps, N+1 start), in ascending order. */
  public ObservableList<Integer> selectedParts() {
    return selectedPartsView;
  }

  /** The part the inspector shows: the last one selected, or -1. */
  public ReadOnlyIntegerProperty focusedPartProperty() {
    return focusedPart.getReadOnlyProperty();
  }

  /**
   * True while the cards are being replaced after an edit. A list view clears its selection
   * when all its items are replaced (a template with only its base card), so a view should
   * not take selection changes from its control as the user's while this is true, and should
   * restore the selection when it turns false.
   */
  public ReadOnlyBooleanProperty refreshingProperty() {
    return refreshing.getReadOnlyProperty();
  }

  public int focusedPart() {
    return focusedPart.get();
  }

  /** Records the template a build was started with: its badges belong to its parts. */
  public void setBuilt(Template template) {
    built = template;
    unchangedParts.set(BuiltParts.unchanged(lens.viewOf(built), lens.template()));
  }

  /**
   * How many leading parts are unchanged, prefix and all, since the last build (see {@link
   * BuiltParts#unchanged}): the build's badges hold for parts below this, the others changed.
   */
  public ReadOnlyIntegerProperty unchangedPartsProperty() {
    return unchangedParts.getReadOnlyProperty();
  }

  /** True when the last build's badge of {@code part} no longer describes it. */
  public boolean changedSinceBuild(int part) {
    return part >= unchangedParts.get();
  }

  /** Selects the given parts; the last one becomes the focused part. */
  public void select(List<Integer> parts) {
    List<Integer> valid = parts.stream().filter(p -> p >= 0 && p < cards.size()).distinct().toList();
    List<Integer> sorted = valid.stream().sorted().toList();
    if (!sorted.equals(selectedParts)) {
      selectedParts.setAll(sorted);
    }
    focusedPart.set(valid.isEmpty() ? -1 : valid.get(valid.size() - 1));
  }

  public void select(int part) {
    select(List.of(part));
  }

  /** Adds {@code kind} so that a new step lands at {@code stepIndex} (0-based), and selects it. */
  public void add(StepKind kind, int stepIndex) {
    Template before = lens.template();
    Template after = kind.addTo(before, stepIndex);
    if (lens.edit("Add " + kind.label(), t -> after)) {
      select(kind.partAfterAdd(after, stepIndex));
    } else {
      select(kind.partAfterAdd(before, stepIndex));
    }
  }

  /** Adds {@code kind} after the selection, or at the end when nothing is selected. */
  public void append(StepKind kind) {
    List<Integer> steps = selectedStepIndices();
    add(kind, steps.isEmpty() ? lens.template().steps().size() : steps.get(steps.size() - 1) + 1);
  }

  /** Moves the steps at {@code stepIndices} (0-based) before the step at {@code target}. */
  public void moveSteps(List<Integer> stepIndices, int target) {
    Template t = lens.template();
    int start = TemplateEdits.movedStart(t, stepIndices, target);
    long count = stepIndices.stream().filter(i -> i >= 0 && i < t.steps().size()).distinct().count();
    if (lens.edit(count > 1 ? "Move steps" : "Move step", x -> TemplateEdits.move(x, stepIndices, target))) {
      select(IntStream.range(start + 1, start + 1 + (int) count).boxed().toList());
    }
  }

  /** Moves the selected steps one place up ({@code -1}) or down ({@code +1}). */
  public void moveSelected(int delta) {
    List<Integer> steps = selectedStepIndices();
    int target = TemplateEdits.shiftTarget(lens.template(), steps, delta);
    if (target >= 0) {
      moveSteps(steps, target);
    }
  }

  /** Deletes the selected steps and selects the card where they were. */
  public void deleteSelected() {
    List<Integer> steps = selectedStepIndices();
    if (steps.isEmpty()) {
      return;
    }
    String label = steps.size() > 1 ? "Delete " + steps.size() + " steps" : "Delete step";
    if (lens.edit(label, t -> TemplateEdits.delete(t, steps))) {
      select(Math.min(steps.get(0) + 1, cards.size() - 1));
    }
  }

  /** Duplicates the selected steps after the last of them and selects the copies. */
  public void duplicateSelected() {
    List<Integer> steps = selectedStepIndices();
    if (steps.isEmpty()) {
      return;
    }
    int first = steps.get(steps.size() - 1) + 2;
    if (lens.edit("Duplicate", t -> TemplateEdits.duplicate(t, steps))) {
      select(IntStream.range(first, first + steps.size()).boxed().toList());
    }
  }

  /** The selected steps as 0-based indices into the template's steps. */
  public List<Integer> selectedStepIndices() {
    int n = lens.template().steps().size();
    List<Integer> out = new ArrayList<>();
    for (int p : selectedParts) {
      if (p >= 1 && p <= n) {
        out.add(p - 1);
      }
    }
    return out;
  }

  private void refresh(Template t) {
    refreshing.set(true);
    unchangedParts.set(BuiltParts.unchanged(lens.viewOf(built), t));
    try {
      replaceCards(t);
    } finally {
      refreshing.set(false);
    }
  }

  private void replaceCards(Template t) {
    List<PipelineCard> fresh = new ArrayList<>(CardSummaries.cards(t));
    if (!lens.isFinal() && fresh.size() > t.steps().size() + 1) {
      // A build stage has no start command: that card is the final stage's.
      fresh.remove(fresh.size() - 1);
    }
    for (int i = 0; i < fresh.size(); i++) {
      if (i >= cards.size()) {
        cards.add(fresh.get(i));
      } else if (!cards.get(i).equals(fresh.get(i))) {
        cards.set(i, fresh.get(i));
      }
    }
    if (cards.size() > fresh.size()) {
      cards.remove(fresh.size(), cards.size());
    }
    List<Integer> kept = selectedParts.stream().filter(p -> p < cards.size()).toList();
    if (!kept.equals(selectedParts)) {
      selectedParts.setAll(kept);
    }
    int focus = focusedPart.get();
    if (focus >= cards.size() || (focus >= 0 && !kept.contains(focus))) {
      focusedPart.set(kept.isEmpty() ? -1 : kept.get(kept.size() - 1));
    }
  }
}
