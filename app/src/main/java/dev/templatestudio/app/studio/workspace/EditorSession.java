package dev.templatestudio.app.studio.workspace;

import dev.templatestudio.app.studio.build.BuildViewModel;
import dev.templatestudio.app.studio.common.CachePredictions;
import dev.templatestudio.app.studio.common.TaskRunner;
import dev.templatestudio.app.studio.document.TemplateDocument;
import dev.templatestudio.app.studio.history.HistoryViewModel;
import dev.templatestudio.app.studio.inspector.InspectorViewModel;
import dev.templatestudio.app.studio.logview.StepProgress;
import dev.templatestudio.app.studio.pipeline.PipelineViewModel;
import dev.templatestudio.app.studio.pipeline.PredictionViewModel;
import dev.templatestudio.app.studio.preview.PreviewViewModel;
import dev.templatestudio.app.studio.problems.ProblemsViewModel;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.dockerfile.TemplateSources;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.collections.ObservableMap;

/**
 * Everything about one open document: the document and the view-models of its pipeline,
 * preview, problems, builds and build history, wired to each other here (the features know
 * nothing of each other). One tab of the window. FX thread only.
 */
public final class EditorSession {
  private final TemplateDocument document;
  private final PipelineViewModel pipeline;
  private final PreviewViewModel preview;
  private final ProblemsViewModel problems;
  private final BuildViewModel builds;
  private final HistoryViewModel history;
  private final InspectorViewModel inspector;
  private final PartStates partStates;
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
    this.pipeline = new PipelineViewModel(document);
    this.preview = new PreviewViewModel(document, pipeline.focusedPartProperty(), importSource);
    this.problems = new ProblemsViewModel(document, tasks);
    this.builds = builds;
    this.history = history;
    this.contextDir = contextDir;
    this.suggestedName = Bindings.createStringBinding(() -> document.path() != null
        ? TemplateSources.nameFor(document.path()) : importName, document.pathProperty());
    this.partStates = new PartStates(document, builds.steps());
    this.inspector = new InspectorViewModel(document, pipeline.focusedPartProperty(), partStates.states(),
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
    history.load(publishName());
    this.predictions = new PredictionViewModel(tasks, Platform::runLater, this::predictionRequest);
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

  public TemplateDocument document() {
    return document;
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

  /** The last build's state of each part, keyed by where its step is now. */
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
