package dev.templatestudio.app.studio.workspace;

import dev.templatestudio.app.studio.build.BuildView;
import dev.templatestudio.app.studio.build.TimelineView;
import dev.templatestudio.app.studio.common.StudioDialogs;
import dev.templatestudio.app.studio.files.FilesView;
import dev.templatestudio.app.studio.history.EarlierBuildBar;
import dev.templatestudio.app.studio.history.HistoryView;
import dev.templatestudio.app.studio.inspector.InspectorView;
import dev.templatestudio.app.studio.pipeline.PipelineView;
import dev.templatestudio.app.studio.preview.PreviewView;
import dev.templatestudio.app.studio.problems.ProblemItem;
import dev.templatestudio.app.studio.problems.ProblemsView;
import dev.templatestudio.app.studio.stages.StageBar;
import dev.templatestudio.bridge.template.TemplateStages;
import java.util.function.LongSupplier;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The editor of one document, the content of its tab: pipeline and inspector above, preview
 * and the build log / problems / history below. FX thread.
 */
public final class EditorView {
  private static final double PIPELINE_MIN_WIDTH = 280;
  private static final double INSPECTOR_MIN_WIDTH = 220;
  private static final double LOG_MIN_WIDTH = 300;
  private static final double PANE_MIN_HEIGHT = 120;
  private final EditorSession session;
  private final PipelineView pipeline;
  private final InspectorView inspector;
  private final PreviewView preview;
  private final BuildView build;
  private final TabPane bottomTabs = new TabPane();
  private final SplitPane top;
  private final SplitPane bottom;
  private final SplitPane root;

  public EditorView(EditorSession session, WorkspaceViewModel workspace, StudioDialogs dialogs, LongSupplier clock) {
    this.session = session;
    pipeline = new PipelineView(session.pipeline(), session.shownStates(), clock,
        part -> session.lens().isFinal() ? session.problems().firstErrorOf(part)
            : session.problems().firstErrorOf(session.lens().stage(), part), session.problems().items());
    pipeline.showPredictions(session.predictions().steps());
    inspector = new InspectorView(session.inspector(), dialogs, dialogs::showError);
    preview = new PreviewView(session.preview(), session::selectFinalPart, dialogs, session::contextDir,
        workspace::exportText);
    build = new BuildView(session.builds(), dialogs, session::contextDir, workspace::exportText);
    build.setBanner(new EarlierBuildBar(session.history()).node());
    ProblemsView problems = new ProblemsView(session.problems(), this::openProblem);

    Label title = new Label("PIPELINE");
    title.getStyleClass().add("pane-title");
    // The stage strip beside it takes the room it needs, never the title's.
    title.setMinWidth(Region.USE_PREF_SIZE);
    Label hint = new Label("Drag steps here from the palette \u00B7 drop a Dockerfile anywhere to import it"
        + " \u00B7 dashed: what the next build does");
    hint.getStyleClass().add("hint");
    VBox.setVgrow(pipeline.node(), Priority.ALWAYS);
    StageBar stageBar = new StageBar(session.stages(), dialogs::showError);
    HBox.setHgrow(stageBar.node(), Priority.ALWAYS);
    HBox heading = new HBox(8, title, stageBar.node());
    heading.setAlignment(Pos.CENTER_LEFT);
    VBox pipelinePane = new VBox(4, heading, pipeline.node(), hint);
    pipelinePane.setPadding(new Insets(6));

    // Remembered dividers stop where a pane would get too narrow or short to use: a window made
    // small and then large again keeps every pane readable.
    pipelinePane.setMinWidth(PIPELINE_MIN_WIDTH);
    pipelinePane.setMinHeight(PANE_MIN_HEIGHT);
    inspector.node().setMinWidth(INSPECTOR_MIN_WIDTH);
    bottomTabs.setMinWidth(LOG_MIN_WIDTH);
    bottomTabs.setMinHeight(PANE_MIN_HEIGHT);
    top = new SplitPane(pipelinePane, inspector.node());
    top.setDividerPositions(0.55);
    Tab logTab = new Tab("Build log", build.node());
    logTab.setId("tab-build-log");
    Tab problemsTab = new Tab("Problems", problems.node());
    problemsTab.setId("tab-problems");
    problemsTab.textProperty().bind(javafx.beans.binding.Bindings.size(session.problems().items())
        .asString("Problems (%d)"));
    Tab timelineTab = new Tab("Timeline",
        new TimelineView(session.partStates(), session::describeFinalPart, session.document().templateProperty(),
            session.builds().stageSteps(), session::describeStageStep, session::stageNames).node());
    timelineTab.setId("tab-timeline");
    Tab historyTab = new Tab("History", new HistoryView(session.history()).node());
    historyTab.setId("tab-history");
    Tab filesTab = new Tab("Files", new FilesView(session.files()).node());
    filesTab.setId("tab-files");
    filesTab.setTooltip(new javafx.scene.control.Tooltip("What the selected step's layer added, changed and removed"));
    session.files().setActive(false);
    filesTab.selectedProperty().addListener((o, a, on) -> session.files().setActive(on));
    bottomTabs.getTabs().addAll(logTab, timelineTab, problemsTab, historyTab, filesTab);
    bottomTabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    if (!session.document().importDiagnostics().isEmpty()) {
      bottomTabs.getSelectionModel().select(problemsTab);
    }
    // Clicking a build in the history shows its log: bring the log to the front.
    session.history().shownProperty().addListener((o, a, shown) -> {
      if (shown != null) {
        bottomTabs.getSelectionModel().select(logTab);
      }
    });
    session.builds().runningProperty().addListener((o, a, running) -> {
      if (running) {
        bottomTabs.getSelectionModel().select(logTab);
      }
    });
    bottom = new SplitPane(preview.node(), bottomTabs);
    bottom.setDividerPositions(0.42);
    root = new SplitPane(top, bottom);
    root.setOrientation(Orientation.VERTICAL);
    root.setDividerPositions(0.52);
  }

  public SplitPane node() {
    return root;
  }

  public EditorSession session() {
    return session;
  }

  public PipelineView pipeline() {
    return pipeline;
  }

  public PreviewView preview() {
    return preview;
  }

  public BuildView build() {
    return build;
  }

  public InspectorView inspector() {
    return inspector;
  }

  /** The split panes whose layout is remembered: outer, top, bottom. */
  public SplitPane[] splitPanes() {
    return new SplitPane[] {root, top, bottom};
  }

  /** Focuses the log search (Ctrl+F). */
  public void findInLog() {
    bottomTabs.getSelectionModel().select(0);
    build.focusSearch();
  }

  /** Stops this editor's timers; the document is closing. */
  public void dispose() {
    pipeline.dispose();
    build.dispose();
  }

  private void openProblem(ProblemItem item) {
    if (item.line() > 0) {
      preview.revealSourceLine(item.line());
    } else if (TemplateStages.stageOf(item.field()) != TemplateStages.FINAL) {
      session.lens().show(TemplateStages.stageOf(item.field()));
      session.pipeline().select(TemplateStages.partOf(TemplateStages.localField(item.field())));
      inspector.showStepTab();
    } else if (item.part() >= 0) {
      session.selectFinalPart(item.part());
      inspector.showStepTab();
    } else {
      inspector.showTemplateTab();
    }
  }
}
