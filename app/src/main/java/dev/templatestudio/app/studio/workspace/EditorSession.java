package dev.templatestudio.app.studio.workspace;

import dev.templatestudio.app.studio.build.BuildViewModel;
import dev.templatestudio.app.studio.common.CachePredictions;
import dev.templatestudio.app.studio.common.TaskRunner;
import dev.templatestudio.app.studio.document.StageLens;
import dev.templatestudio.app.studio.document.TemplateDocument;
import dev.templatestudio.app.studio.files.BuiltTemplate;
import dev.templatestudio.app.studio.files.FilesViewModel;
import dev.templatestudio.app.studio.history.BuildRecord;
import dev.templatestudio.app.studio.history.HistoryViewModel;
import dev.templatestudio.bridge.build.BuildEvent;
import java.util.List;
import dev.templatestudio.app.studio.inspector.InspectorViewModel;
import dev.templatestudio.app.studio.logview.StepProgress;
import dev.templatestudio.app.studio.logview.StageStep;
import dev.templatestudio.app.studio.pipeline.CardSummaries;
import dev.templatestudio.app.studio.pipeline.PipelineCard;
import dev.templatestudio.app.studio.pipeline.PipelineViewModel;
import dev.templatestudio.app.studio.pipeline.PredictionViewModel;
import dev.templatestudio.app.studio.preview.PreviewViewModel;
import dev.templatestudio.app.studio.problems.ProblemsViewModel;
import dev.templatestudio.app.studio.stages.StagesViewModel;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.dockerfile.TemplateSources;
import dev.templatestudio.bridge.template.TemplateStages;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.collections.ObservableMap;

/**
 * Everything about one open document: the document and the view-models of its pipeline,
 * preview, problems, builds and build history, wired to each other here (the features know
 * nothing of each other). One tab of the window. FX thread only.
 */
public final class EditorSession {
  private final TemplateDocument document;
  private final StageLens lens;
  private final StagesViewModel stages;
  private final PipelineViewModel pipeline;
  private final PreviewViewModel preview;
  private final ProblemsViewModel problems;
  private final BuildViewModel builds;
  private final HistoryViewModel history;
  private final InspectorViewModel inspector;
  private static final java.time.format.DateTimeFormatter WHEN =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(java.time.ZoneId.systemDefault());
  private final PartStates partStates;
  private final FilesViewModel files;
  private final ShownStates shownStates;
  private final PredictionViewModel predictions;
  /** The name the document's file suggests: its own file's once saved, else the imported Dockerfile's. */
  private final StringBinding suggestedName;
  private Path contextDir;

  /**
   * @param importSource  the Dockerfile text the document was imported from; null if none
   * @param importName    the name that Dockerfile suggests to publish under; null if none
   * @param tasks         where the document's lint runs, away from the FX thread
   */
  public EditorSession(TemplateDocument document, BuildViewModel builds, HistoryViewModel history, Path contextDir,
      String importSource, String importName, TaskRunner tasks) {
    this.document = document;
    this.lens = new StageLens(document);
    this.stages = new StagesViewModel(lens);
    this.pipeline = new PipelineViewModel(lens);
    // The preview marks the final stage's parts: a build stage's card has no part number there.
    ReadOnlyIntegerWrapper previewPart = new ReadOnlyIntegerWrapper();
    previewPart.bind(Bindings.createIntegerBinding(() -> lens.isFinal() ? pipeline.focusedPart() : -1,
        lens.stageProperty(), pipeline.focusedPartProperty()));
    this.preview = new PreviewViewModel(document, previewPart.getReadOnlyProperty(), importSource);
    this.problems = new ProblemsViewModel(document, tasks);
    this.builds = builds;
    this.history = history;
    this.contextDir = contextDir;
    this.suggestedName = Bindings.createStringBinding(() -> document.path() != null
        ? TemplateSources.nameFor(document.path()) : importName, document.pathProperty());
    this.partStates = new PartStates(document, builds.steps());
    this.shownStates = new ShownStates(lens, partStates.states(), builds.stageSteps());
    this.inspector = new InspectorViewModel(lens, pipeline.focusedPartProperty(), shownStates.states(),
        pipeline::changedSinceBuild, pipeline.unchangedPartsProperty(), problems::problems, this::contextDir,
        this.suggestedName);
    // A finished build goes into the history; a build picked there has its log shown, until the
    // person goes back to the live log or a new build starts.
    builds.onFinished(history::add);
    history.shownProperty().addListener((o, was, shown) -> {
      if (shown == null) {
        builds.showLive();
      } else {
        builds.showEarlier(shown.log(), shown.end().ref());
      }
    });
    builds.showingEarlierProperty().addListener((o, was, earlier) -> {
      if (!earlier) {
        history.showLive();
      }
    });
    // The Files tab follows the card in focus, in the build on show (else the newest).
    this.files = new FilesViewModel(tasks, builds.runtimeSource());
    pipeline.focusedPartProperty().addListener((o, a, part) -> showFiles());
    history.records().addListener((javafx.collections.ListChangeListener<BuildRecord>) c -> showFiles());
    history.shownProperty().addListener((o, a, shown) -> showFiles());
    showFiles();
    history.load(publishName());
    this.predictions = new PredictionViewModel(tasks, Platform::runLater, this::predictionRequest);
    inspector.followPredictions(predictions.steps());
    // The prediction follows every edit, the file (its folder is the context) and each build's end.
    document.templateProperty().addListener((o, was, now) -> this.predictions.request());
    document.pathProperty().addListener((o, was, now) -> this.predictions.request());
    builds.runningProperty().addListener((o, was, now) -> this.predictions.setPaused(now));
  }

  /** The request a build of the document would make now, without its secrets' values (they key nothing). */
  private BuildRequest predictionRequest() {
    return new BuildRequest(document.template(), contextDir(), publishName(), null, false, null);
  }

  /** The predicted cache state of each card before a build. */
  public PredictionViewModel predictions() {
    return predictions;
  }

  /** Foretells each card's cache state with {@code with} from now on, until {@link #close}. */
  public void predictWith(CachePredictions with) {
    predictions.use(with);
  }

  /** Stops what the document runs in the background (its prediction, its context's watch): it closed. */
  public void close() {
    predictions.close();
  }

  /** What the Files tab shows: the focused card's step of the build on show, or of the newest build. */
  private void showFiles() {
    List<BuildRecord> records = history.records();
    BuildRecord on = history.shownProperty().get() != null ? history.shownProperty().get()
        : records.isEmpty() ? null : records.get(0);
    List<BuiltTemplate> all = records.stream().map(EditorSession::built).toList();
    int focused = pipeline.focusedPart();
    // An older build shown from the history keeps the card's position; the last build maps it.
    int step = focused < 0 ? -1 : history.shownProperty().get() != null ? focused : partStates.builtPart(focused);
    files.show(on == null ? null : built(on), step, all);
  }

  private static BuiltTemplate built(BuildRecord r) {
    String ref = BuildEvent.STATUS_READY.equals(r.status()) ? r.end().ref() : null;
    Integer steps = r.end().steps();
    // Short, for the picker: when and how it ended (the long summary ends with the whole ref).
    String label = WHEN.format(r.started()) + " \u00B7 " + r.status() + " \u00B7 " + r.entry().runtime();
    return new BuiltTemplate(r.id(), label, ref, steps == null ? 0 : steps, r.entry().runtime());
  }

  public FilesViewModel files() {
    return files;
  }

  public TemplateDocument document() {
    return document;
  }

  /** The stage the pipeline and the inspector show. */
  public StageLens lens() {
    return lens;
  }

  public StagesViewModel stages() {
    return stages;
  }

  /** Shows the final stage and selects its part {@code part} (a click on a preview line, say). */
  public void selectFinalPart(int part) {
    lens.show(TemplateStages.FINAL);
    pipeline.select(part);
  }

  /** What part {@code part} of the final stage is, in a few words; "" for no such part. */
  public String describeFinalPart(int part) {
    return describe(CardSummaries.cards(document.template()), part);
  }

  /** What a build stage's step is, in a few words; "" when the template has no such step. */
  public String describeStageStep(StageStep step) {
    int index = TemplateStages.index(document.template(), step.stage());
    return index < 0 ? "" : describe(CardSummaries.cards(TemplateStages.view(document.template(), index)), step.step());
  }

  /** The template's build stages' names, in order. */
  public List<String> stageNames() {
    return stages.names();
  }

  private static String describe(List<PipelineCard> cards, int part) {
    return part < 0 || part >= cards.size() ? "" : cards.get(part).kind() + " " + cards.get(part).summary();
  }

  public PipelineViewModel pipeline() {
    return pipeline;
  }

  public PreviewViewModel preview() {
    return preview;
  }

  public ProblemsViewModel problems() {
    return problems;
  }

  public BuildViewModel builds() {
    return builds;
  }

  public HistoryViewModel history() {
    return history;
  }

  public InspectorViewModel inspector() {
    return inspector;
  }

  /** The last build's state of each card of the stage on show (a build stage's by its own step numbers). */
  public ObservableMap<Integer, StepProgress> shownStates() {
    return shownStates.states();
  }

  /** The last build's state of each part of the final stage, keyed by where its step is now. */
  public ObservableMap<Integer, StepProgress> partStates() {
    return partStates.states();
  }

  /**
   * The name a build publishes under: the template's own, else the one its file suggests, by
   * the rule the command line's {@code build} names a file by ({@link TemplateSources#nameFor});
   * null for a new document with neither (the runtime names it).
   */
  public String publishName() {
    String own = document.template().name();
    return own != null && !own.isBlank() ? own : suggestedName.get();
  }

  /**
   * The build context: copy sources are relative to it. The folder of the document's file,
   * else of the Dockerfile it was imported from, else the working directory.
   */
  public Path contextDir() {
    if (document.path() != null && document.path().toAbsolutePath().getParent() != null) {
      return document.path().toAbsolutePath().getParent();
    }
    return contextDir;
  }

  /**
   * Builds the template with the current context. Like the command line's {@code --secret
   * NAME}, each secret the template names takes its value from the environment variable of
   * that name, if set.
   */
  public void build() {
    if (problems.canBuild() && !builds.isRunning()) {
      Map<String, String> secrets = new LinkedHashMap<>();
      for (String name : document.template().secrets()) {
        String value = System.getenv(name);
        if (value != null) {
          secrets.put(name, value);
        }
      }
      pipeline.setBuilt(document.template());
      partStates.building();
      builds.build(document.template(), publishName(), contextDir(), secrets);
    }
  }
}
