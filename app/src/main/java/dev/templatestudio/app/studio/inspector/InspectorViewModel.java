package dev.templatestudio.app.studio.inspector;

import dev.templatestudio.app.studio.document.StageLens;
import dev.templatestudio.app.studio.document.StepKind;
import dev.templatestudio.app.studio.document.TemplateDocument;
import dev.templatestudio.app.studio.logview.StepProgress;
import dev.templatestudio.app.studio.logview.StepState;
import dev.templatestudio.bridge.build.CachePrediction;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.Problem;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.FXCollections;
import javafx.collections.MapChangeListener;
import javafx.collections.ObservableMap;

/**
 * What the inspector shows and does for one document: the part in focus (base, a step, or the
 * start), its heading, what its last build said of it and what the next build would do with
 * it (the predicted cache state and miss reason), the validation problems its fields
 * are marked with, and the edits its forms make. Every edit goes to the document, so it can be
 * undone; the forms only call {@link #edit} and {@link #editMerging}. Testable without the
 * toolkit. FX thread.
 */
public final class InspectorViewModel {
  private final StageLens document;
  private final ReadOnlyIntegerProperty focusedPart;
  private final ObservableMap<Integer, StepProgress> steps;
  private final IntPredicate changedSinceBuild;
  private final Supplier<List<Problem>> problems;
  private final Supplier<Path> contextDir;
  private final ReadOnlyStringWrapper heading = new ReadOnlyStringWrapper(this, "heading", "");
  private final ReadOnlyStringWrapper lastBuild = new ReadOnlyStringWrapper(this, "lastBuild", "");
  private final ReadOnlyStringWrapper nextBuild = new ReadOnlyStringWrapper(this, "nextBuild", "");
  private final ReadOnlyStringWrapper namePrompt = new ReadOnlyStringWrapper(this, "namePrompt", "");
  private final MapChangeListener<Integer, CachePrediction.Step> onPrediction = c -> refreshNextBuild();
  private ObservableMap<Integer, CachePrediction.Step> predicted = FXCollections.emptyObservableMap();

  /**
   * @param focusedPart       the part to inspect (0 base, 1…N steps, N+1 start; -1 for none)
   * @param steps             each part's state in the last build
   * @param changedSinceBuild true for a part that changed (or whose prefix did) since the last build
   * @param buildChanged      fires when {@code changedSinceBuild} may answer otherwise
   * @param problems          the template's validation problems, for marking fields
   * @param contextDir        the build context: copy sources are chosen inside it
   * @param suggestedName     the name the document's file suggests to publish under; null if none
   */
  public InspectorViewModel(TemplateDocument document, ReadOnlyIntegerProperty focusedPart,
      ObservableMap<Integer, StepProgress> steps, IntPredicate changedSinceBuild, Observable buildChanged,
      Supplier<List<Problem>> problems, Supplier<Path> contextDir, ObservableStringValue suggestedName) {
    this(new StageLens(document), focusedPart, steps, changedSinceBuild, buildChanged, problems, contextDir,
        suggestedName);
  }

  /** The inspector of the stage {@code lens} shows: its parts, edits and problems are that stage's. */
  public InspectorViewModel(StageLens document, ReadOnlyIntegerProperty focusedPart,
      ObservableMap<Integer, StepProgress> steps, IntPredicate changedSinceBuild, Observable buildChanged,
      Supplier<List<Problem>> problems, Supplier<Path> contextDir, ObservableStringValue suggestedName) {
    this.document = document;
    this.focusedPart = focusedPart;
    this.steps = steps;
    this.changedSinceBuild = changedSinceBuild;
    this.problems = problems;
    this.contextDir = contextDir;
    namePrompt.bind(Bindings.createStringBinding(
        () -> suggestedName.get() == null ? "" : suggestedName.get() + " (from its file)", suggestedName));
    document.templateProperty().addListener((o, a, t) -> refresh());
    focusedPart.addListener((o, a, p) -> refresh());
    steps.addListener((MapChangeListener<Integer, StepProgress>) c -> refreshLastBuild());
    buildChanged.addListener(o -> refreshLastBuild());
    refresh();
  }

  public ReadOnlyObjectProperty<Template> templateProperty() {
    return document.templateProperty();
  }

  public Template template() {
    return document.template();
  }

  /** The part in focus (0 base, 1…N steps, N+1 start), or -1 when none is. */
  public ReadOnlyIntegerProperty focusedPartProperty() {
    return focusedPart;
  }

  /** Such as "Run command · step 2", "Base image · step 0" or "Nothing selected". */
  public ReadOnlyStringProperty headingProperty() {
    return heading.getReadOnlyProperty();
  }

  /** What the last build said of the part in focus, such as "Last build: CACHED"; "" before one. */
  public ReadOnlyStringProperty lastBuildProperty() {
    return lastBuild.getReadOnlyProperty();
  }

  /**
   * Says what the next build would do with the part in focus from now on, as {@code steps}
   * (each part of the final stage, 0 base, 1…N steps) predicts it and whenever that changes.
   */
  public void followPredictions(ObservableMap<Integer, CachePrediction.Step> steps) {
    predicted.removeListener(onPrediction);
    predicted = steps;
    steps.addListener(onPrediction);
    refreshNextBuild();
  }

  /**
   * What the next build would do with the part in focus, such as "Next build: will be CACHED"
   * or "Next build: will run because command changed: …" with the whole reason; "" while no
   * prediction is known (none yet, a build running, a runtime that does not predict, a stage
   * other than the final one, whose parts the prediction does not number).
   */
  public ReadOnlyStringProperty nextBuildProperty() {
    return nextBuild.getReadOnlyProperty();
  }

  /**
   * What the Name field says while the template has no name: the name a build publishes under
   * then, taken from the document's file (as the command line takes it); "" without a file.
   */
  public ReadOnlyStringProperty namePromptProperty() {
    return namePrompt.getReadOnlyProperty();
  }

  /**
   * What the focused part's form looks like: the form is made anew when this changes (another
   * part, another kind of step, another base or ready check kind), else its fields are updated.
   */
  public String partLayout() {
    Template t = document.template();
    int part = focusedPart.get();
    int n = t.steps().size();
    String what;
    if (part < 0) {
      what = "none";
    } else if (part == 0) {
      what = "base";
    } else if (part <= n) {
      Step s = t.steps().get(part - 1);
      what = s == null ? "null" : s.getClass().getSimpleName();
    } else {
      what = "start";
    }
    return document.stage() + ":" + stagesAbove() + ":" + part + ":" + what + ":" + templateLayout();
  }

  /** The names of the stages the stage on show may take files from: those above it. */
  public List<String> stagesAbove() {
    List<String> names = document.document().template().stages().stream().map(s -> s.name()).toList();
    return document.isFinal() ? names : names.subList(0, Math.min(document.stage(), names.size()));
  }

  /** The stage on show, as "stage build, " to lead a place; "" for the final stage. */
  public String stagePrefix() {
    return document.isFinal() ? "" : "stage " + document.stageName() + ", ";
  }

  /** What the template form looks like; it is made anew when this changes. */
  public String templateLayout() {
    return TemplateForms.layoutKey(document.template());
  }

  /** The template's validation problems, each marking the field its path names. */
  public List<Problem> problems() {
    List<Problem> local = new ArrayList<>();
    for (Problem p : problems.get()) {
      String field = document.localField(p.field());
      if (field != null) {
        local.add(field.equals(p.field()) ? p : new Problem(p.severity(), p.step(), field, p.message()));
      }
    }
    return local;
  }

  /** The build context: copy sources are relative to it. */
  public Path contextDir() {
    return contextDir.get();
  }

  /** One edit of the document, undone as one; false when it changed nothing. */
  public boolean edit(String label, UnaryOperator<Template> change) {
    return document.edit(label, change);
  }

  /** An edit of the field at {@code path}: typing in one field within a moment is one undo step. */
  public boolean editMerging(String path, String label, UnaryOperator<Template> change) {
    return document.editMerging(path, label, change);
  }

  /**
   * Adds {@code chosen} files to the sources of copy step {@code stepIndex} (0-based), as paths
   * relative to the context folder, each once.
   *
   * @return why nothing was added, as one sentence; null when they were (or none was chosen)
   */
  public String addCopySources(int stepIndex, List<Path> chosen) {
    Path context = contextDir.get().toAbsolutePath().normalize();
    List<String> relative = new ArrayList<>();
    for (Path p : chosen) {
      Path rel = context.relativize(p.toAbsolutePath().normalize());
      if (rel.startsWith("..") || rel.isAbsolute()) {
        return p + " is outside the context folder " + contextDir.get() + "; copy sources must be inside it.";
      }
      relative.add(rel.toString().isEmpty() ? "." : rel.toString().replace('\\', '/'));
    }
    if (!relative.isEmpty()) {
      document.edit("Add copy sources", t -> {
        CopyStep c = (CopyStep) t.steps().get(stepIndex);
        List<String> sources = new ArrayList<>(c.sources());
        relative.stream().filter(x -> !sources.contains(x)).forEach(sources::add);
        return t.withStep(stepIndex, new CopyStep(sources, c.dest(), c.user(), c.mode(), c.from(), c.force()));
      });
    }
    return null;
  }

  private void refresh() {
    Template t = document.template();
    int part = focusedPart.get();
    int n = t.steps().size();
    if (part < 0) {
      heading.set("Nothing selected");
    } else if (part == 0) {
      heading.set("Base image \u00B7 " + stagePrefix() + "step 0");
    } else if (part <= n && t.steps().get(part - 1) != null) {
      heading.set(StepKind.of(t.steps().get(part - 1)).label() + " \u00B7 " + stagePrefix() + "step " + part);
    } else {
      heading.set("Start command and ready check");
    }
    refreshLastBuild();
    refreshNextBuild();
  }

  private void refreshNextBuild() {
    CachePrediction.Step step = document.isFinal() ? predicted.get(focusedPart.get()) : null;
    if (step == null) {
      nextBuild.set("");
    } else {
      nextBuild.set(step.hit() ? "Next build: will be CACHED" : "Next build: will run because " + step.reason());
    }
  }

  private void refreshLastBuild() {
    int part = focusedPart.get();
    StepProgress p = steps.get(part);
    if (p == null) {
      lastBuild.set("");
    } else if (changedSinceBuild.test(part)) {
      lastBuild.set("Last build: " + p.state().label() + " \u2014 changed since then; it will be built again");
    } else if (p.detail() != null) {
      lastBuild.set("Last build: " + p.state().label() + " \u2014 " + p.detail());
    } else if (p.missReason() != null && (p.state() == StepState.DONE || p.state() == StepState.RUNNING
        || p.state() == StepState.FAILED)) {
      lastBuild.set("Last build: " + p.state().label() + " \u2014 rebuilt because " + p.missReason());
    } else {
      lastBuild.set("Last build: " + p.state().label());
    }
  }
}
