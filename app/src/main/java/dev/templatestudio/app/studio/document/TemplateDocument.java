package dev.templatestudio.app.studio.document;

import dev.templatestudio.bridge.dockerfile.Diagnostic;
import dev.templatestudio.bridge.template.Template;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * One open template: the immutable {@link Template} it holds now, the undo and redo history
 * of edits (each a whole template, so undo is exact), the file it lives in and whether it
 * differs from what was last saved. Every change to the template goes through {@link #edit}.
 *
 * <p>Not thread-safe: use it on the FX thread (or one test thread).
 */
public final class TemplateDocument {
  /** Typing in one field within this time counts as one edit for undo. */
  static final long MERGE_WINDOW_NANOS = 1_500_000_000L;

  private final ReadOnlyObjectWrapper<Template> template = new ReadOnlyObjectWrapper<>(this, "template");
  private final ReadOnlyObjectWrapper<Path> path = new ReadOnlyObjectWrapper<>(this, "path");
  private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper(this, "dirty");
  private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper(this, "canUndo");
  private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper(this, "canRedo");
  private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title");
  private final ReadOnlyStringWrapper undoLabel = new ReadOnlyStringWrapper(this, "undoLabel", "");
  private final ReadOnlyStringWrapper redoLabel = new ReadOnlyStringWrapper(this, "redoLabel", "");
  private final ObservableList<Diagnostic> importDiagnostics = FXCollections.observableArrayList();
  private final Deque<Entry> undo = new ArrayDeque<>();
  private final Deque<Entry> redo = new ArrayDeque<>();
  private final String untitledName;
  private final LongSupplier clock;
  private Template saved;
  /** The identities of the template's steps (see {@link PartIds}), kept with it through undo. */
  private List<Long> stepIds;
  private long nextId = PartIds.FIRST_STEP;
  private String lastMergeKey;
  private long lastEditTime;

  private record Entry(Template template, List<Long> stepIds, String label) {}

  /**
   * A document holding {@code initial}, counted as saved to {@code file} (null when it was
   * never saved, in which case {@code untitledName} names it).
   */
  public TemplateDocument(Template initial, Path file, String untitledName) {
    this(initial, file, untitledName, System::nanoTime);
  }

  TemplateDocument(Template initial, Path file, String untitledName, LongSupplier clock) {
    this.untitledName = untitledName;
    this.clock = clock;
    this.saved = initial;
    this.stepIds = PartIds.fresh(initial.steps().size(), () -> nextId++);
    template.set(initial);
    path.set(file);
    refresh();
  }

  public ReadOnlyObjectProperty<Template> templateProperty() {
    return template.getReadOnlyProperty();
  }

  public Template template() {
    return template.get();
  }

  /**
   * The identity of each part of the template (0 base, 1…N steps, N+1 start): a step keeps its
   * own through edits that insert, move or delete others, and through undo and redo. Set before
   * {@link #templateProperty} changes, so its listeners read the identities that go with it.
   */
  public List<Long> partIds() {
    List<Long> ids = new ArrayList<>(stepIds.size() + 2);
    ids.add(PartIds.BASE);
    ids.addAll(stepIds);
    ids.add(PartIds.START);
    return ids;
  }

  /** The file this document was opened from or last saved to; null when never saved. */
  public ReadOnlyObjectProperty<Path> pathProperty() {
    return path.getReadOnlyProperty();
  }

  public Path path() {
    return path.get();
  }

  /** True when the template differs from the one last saved (undoing back to it clears it). */
  public ReadOnlyBooleanProperty dirtyProperty() {
    return dirty.getReadOnlyProperty();
  }

  public boolean isDirty() {
    return dirty.get();
  }

  public ReadOnlyBooleanProperty canUndoProperty() {
    return canUndo.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty canRedoProperty() {
    return canRedo.getReadOnlyProperty();
  }

  /** What Undo would undo, such as "Move step"; empty when nothing. */
  public ReadOnlyStringProperty undoLabelProperty() {
    return undoLabel.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty redoLabelProperty() {
    return redoLabel.getReadOnlyProperty();
  }

  /** The tab and window title: the template name (or file name) and a dirty mark. */
  public ReadOnlyStringProperty titleProperty() {
    return title.getReadOnlyProperty();
  }

  /**
   * The name without the dirty mark: the template's name when it has one, else its file's
   * name, else the untitled name; the same before and after a save.
   */
  public String displayName() {
    Template t = template.get();
    if (t.name() != null && !t.name().isBlank()) {
      return t.name();
    }
    return path.get() != null ? path.get().getFileName().toString() : untitledName;
  }

  /** Diagnostics of the Dockerfile this document was imported from; empty otherwise. */
  public ObservableList<Diagnostic> importDiagnostics() {
    return importDiagnostics;
  }

  /**
   * Applies an edit. Returns false (and records nothing) when it changes nothing.
   *
   * @param label what the edit did, for the Undo menu item
   */
  public boolean edit(String label, UnaryOperator<Template> change) {
    return apply(null, label, change);
  }

  /**
   * Applies an edit that merges with the previous one when that had the same {@code mergeKey}
   * and came within a moment: typing a word in one field is one undo step, not one per key.
   */
  public boolean editMerging(String mergeKey, String label, UnaryOperator<Template> change) {
    return apply(Objects.requireNonNull(mergeKey), label, change);
  }

  private boolean apply(String mergeKey, String label, UnaryOperator<Template> change) {
    Template before = template.get();
    Template after = change.apply(before);
    if (after == null || after.equals(before)) {
      return false;
    }
    long now = clock.getAsLong();
    boolean merge = mergeKey != null && mergeKey.equals(lastMergeKey) && redo.isEmpty()
        && !undo.isEmpty() && now - lastEditTime < MERGE_WINDOW_NANOS;
    if (!merge) {
      undo.push(new Entry(before, stepIds, label));
    }
    redo.clear();
    lastMergeKey = mergeKey;
    lastEditTime = now;
    stepIds = PartIds.carry(before.steps(), stepIds, after.steps(), () -> nextId++);
    template.set(after);
    refresh();
    return true;
  }

  /** Undoes the last edit; false when there is none. */
  public boolean undo() {
    return step(undo, redo);
  }

  /** Redoes the last undone edit; false when there is none. */
  public boolean redo() {
    return step(redo, undo);
  }

  private boolean step(Deque<Entry> from, Deque<Entry> to) {
    if (from.isEmpty()) {
      return false;
    }
    Entry e = from.pop();
    to.push(new Entry(template.get(), stepIds, e.label()));
    lastMergeKey = null;
    stepIds = e.stepIds();
    template.set(e.template());
    refresh();
    return true;
  }

  /** Records that the current template now is what {@code file} holds. */
  public void markSaved(Path file) {
    markSaved(file, template.get());
  }

  /**
   * Records that {@code file} holds {@code written}: a save that ran in the background while
   * the user kept editing leaves the document dirty.
   */
  public void markSaved(Path file, Template written) {
    saved = written;
    path.set(file);
    lastMergeKey = null;
    refresh();
  }

  /** Replaces the import diagnostics shown in the problems list. */
  public void setImportDiagnostics(List<Diagnostic> diagnostics) {
    importDiagnostics.setAll(diagnostics);
  }

  private void refresh() {
    dirty.set(!template.get().equals(saved));
    canUndo.set(!undo.isEmpty());
    canRedo.set(!redo.isEmpty());
    undoLabel.set(undo.isEmpty() ? "" : undo.peek().label());
    redoLabel.set(redo.isEmpty() ? "" : redo.peek().label());
    title.set(displayName() + (dirty.get() ? " \u25CF" : ""));
  }
}
