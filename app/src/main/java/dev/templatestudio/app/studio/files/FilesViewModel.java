package dev.templatestudio.app.studio.files;

import dev.templatestudio.app.studio.common.RuntimeSource;
import dev.templatestudio.app.studio.common.TaskRunner;
import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.changes.FileChanges;
import dev.templatestudio.bridge.changes.StepChanges;
import dev.templatestudio.bridge.changes.StepComparison;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * What a built step did to the file system, for the Files tab: the step of the card in focus,
 * in the build on show, read in the background (a big layer takes seconds); and, when another
 * build of the template is picked, the two builds step by step and one step's file differences.
 * A result that arrives after the person moved on is dropped. FX thread.
 */
public final class FilesViewModel {
  private final TaskRunner tasks;
  private final RuntimeSource runtimes;
  private final ReadOnlyObjectWrapper<StepChanges> changes = new ReadOnlyObjectWrapper<>(this, "changes");
  private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
  private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper(this, "note", "");
  private final BooleanProperty biggestFirst = new SimpleBooleanProperty(this, "biggestFirst");
  private final ObservableList<BuiltTemplate> others = FXCollections.observableArrayList();
  private final ReadOnlyObjectWrapper<BuiltTemplate> comparedWith = new ReadOnlyObjectWrapper<>(this, "comparedWith");
  private final ObservableList<StepComparison> comparison = FXCollections.observableArrayList();
  private BuiltTemplate build;
  private int step = -1;
  private boolean active;
  /** Which request is the latest: older answers are dropped. */
  private long request;
  /** What is shown (or being read), so that asking again for it reads nothing. */
  private Object shownKey;

  /** @param runtimes opens the runtime whose store holds the layers (in the background) */
  public FilesViewModel(TaskRunner tasks, RuntimeSource runtimes) {
    this.tasks = tasks;
    this.runtimes = runtimes;
  }

  /** The changes on show: of one step, or between the step of two builds; null for none. */
  public ReadOnlyObjectProperty<StepChanges> changesProperty() {
    return changes.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty loadingProperty() {
    return loading.getReadOnlyProperty();
  }

  /** Why nothing (or not everything) is shown, in one sentence; empty when all is there. */
  public ReadOnlyStringProperty noteProperty() {
    return note.getReadOnlyProperty();
  }

  /** Whether the files are listed biggest first rather than as a tree. */
  public BooleanProperty biggestFirstProperty() {
    return biggestFirst;
  }

  /** The other builds of this template, newest first: what "Compare with build…" offers. */
  public ObservableList<BuiltTemplate> others() {
    return others;
  }

  /** The build compared with (build A; the one on show is B); null when not comparing. */
  public ReadOnlyObjectProperty<BuiltTemplate> comparedWithProperty() {
    return comparedWith.getReadOnlyProperty();
  }

  /** The steps of the two builds side by side, base first; empty when not comparing. */
  public ObservableList<StepComparison> comparison() {
    return comparison;
  }

  /** The build on show; null before the first. */
  public BuiltTemplate build() {
    return build;
  }

  /** The step on show (1…N), or -1. */
  public int step() {
    return step;
  }

  /** The tab is on screen (or not): reading waits until it is. */
  public void setActive(boolean active) {
    this.active = active;
    refresh();
  }

  /**
   * Shows step {@code step} of {@code build} (null: no finished build yet): its changes, or when
   * comparing, its differences from the same step of the build compared with.
   */
  public void show(BuiltTemplate build, int step, List<BuiltTemplate> otherBuilds) {
    boolean newBuild = !Objects.equals(this.build, build);
    this.build = build;
    this.step = step;
    List<BuiltTemplate> rest = otherBuilds.stream().filter(b -> b.ref() != null && !b.equals(build)).toList();
    if (!others.equals(rest)) {
      others.setAll(rest);
    }
    if (newBuild && comparedWith.get() != null && !rest.contains(comparedWith.get())) {
      compareWith(null);
      return;
    }
    refresh();
  }

  /** Shows another step of the same build (a step picked in the comparison). */
  public void selectStep(int step) {
    this.step = step;
    refresh();
  }

  /** Compares the build on show with {@code other} step by step (null: stops comparing). */
  public void compareWith(BuiltTemplate other) {
    comparedWith.set(other);
    comparison.clear();
    shownKey = null;
    refresh();
  }

  private void refresh() {
    if (!active) {
      return;
    }
    String why = unavailable();
    if (why != null) {
      request++;
      shownKey = null;
      loading.set(false);
      changes.set(null);
      note.set(why);
      return;
    }
    BuiltTemplate a = comparedWith.get();
    BuiltTemplate b = build;
    int s = step;
    Object key = List.of(b, s, a == null ? "" : a);
    if (key.equals(shownKey)) {
      return;
    }
    shownKey = key;
    long mine = ++request;
    loading.set(true);
    boolean needRows = a != null && comparison.isEmpty();
    tasks.run(() -> {
      try (Runtime runtime = runtimes.open()) {
        FileChanges files = runtime.fileChanges();
        List<StepComparison> rows = needRows ? files.compare(a.ref(), a.steps(), b.ref(), b.steps()) : null;
        boolean noStep = s < 1 || s > (a == null ? b.steps() : Math.max(a.steps(), b.steps()));
        StepChanges c = noStep ? null : a == null ? files.step(b.ref(), b.steps(), s)
            : files.between(a.ref(), a.steps(), b.ref(), b.steps(), s);
        return new Loaded(rows, c);
      }
    }, loaded -> {
      if (mine != request) {
        return;
      }
      loading.set(false);
      if (loaded.rows() != null) {
        comparison.setAll(loaded.rows());
      }
      changes.set(loaded.changes());
      note.set(loaded.changes() == null ? "Select a step to see how its files differ between the two builds."
          : FilesText.omissions(loaded.changes()));
    }, e -> {
      if (mine != request) {
        return;
      }
      shownKey = null;
      loading.set(false);
      changes.set(null);
      note.set(e.getMessage());
    });
  }

  /** Why the files of the step on show cannot be read at all; null when they can. */
  private String unavailable() {
    if (build == null) {
      return "Build the template to see what each step did to its files.";
    }
    if (build.ref() == null) {
      return "This build made no image: build it again to see what its steps did to the files.";
    }
    if (!build.embedded()) {
      return "File changes are available for builds on the embedded runtime; this build ran on "
          + build.runtime() + ".";
    }
    if (comparedWith.get() != null) {
      return null; // the steps side by side are worth a look whatever step is selected
    }
    if (step < 0) {
      return "Select a step's card to see the files it added, changed and removed.";
    }
    if (step == 0) {
      return "Step 0 is the base image: select a step's card to see what it changed.";
    }
    if (step > build.steps()) {
      return "The start command and its ready check change no files of the image.";
    }
    return null;
  }

  /** What one background read brought. */
  private record Loaded(List<StepComparison> rows, StepChanges changes) {}
}
