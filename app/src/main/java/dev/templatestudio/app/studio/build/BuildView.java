package dev.templatestudio.app.studio.build;

import dev.templatestudio.app.studio.common.StudioDialogs;
import dev.templatestudio.app.studio.logview.FindBar;
import dev.templatestudio.app.studio.logview.FoldMenu;
import dev.templatestudio.app.studio.logview.FrameBudget;
import dev.templatestudio.app.studio.logview.LogFormatter;
import dev.templatestudio.app.studio.logview.LogView;
import dev.templatestudio.app.studio.logview.StepProgress;
import java.nio.file.Path;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import javafx.animation.AnimationTimer;
import javafx.beans.binding.Bindings;
import javafx.event.EventTarget;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The build panel of one document: progress ("step 3 of 9"), the outcome with its copyable
 * ref, and the log (the log view kit's) with find, a filter to one step, folding of steps,
 * follow-tail, copy and save. An {@link AnimationTimer} drains the view-model once per frame
 * into one change. FX thread.
 */
public final class BuildView {
  private final BuildViewModel vm;
  private final LogView log = new LogView(LogView.MAX_LINES);
  private final ComboBox<Integer> stepFilter = new ComboBox<>();
  private final FindBar find;
  private final VBox root;
  private final HBox status;
  private final AnimationTimer pump;
  private final FrameBudget budget = new FrameBudget();
  /** Lines the current pulse put in the view, and when it began taking them (System.nanoTime). */
  private int frameLines;
  private long frameStarted;

  /** @param save writes text to a file (in the background) */
  public BuildView(BuildViewModel vm, StudioDialogs dialogs, Supplier<Path> folder, BiConsumer<Path, String> save) {
    this.vm = vm;
    ProgressBar bar = new ProgressBar(0);
    bar.setId("build-progress");
    bar.setPrefWidth(160);
    bar.progressProperty().bind(vm.progressProperty());
    bar.visibleProperty().bind(vm.runningProperty());
    bar.managedProperty().bind(vm.runningProperty());
    Label progress = new Label();
    progress.setId("build-progress-text");
    progress.textProperty().bind(vm.progressTextProperty());
    Label summary = new Label();
    summary.setId("build-summary");
    summary.getStyleClass().add("build-summary");
    summary.textProperty().bind(Bindings.createStringBinding(() -> LogFormatter.headline(vm.summaryProperty().get()),
        vm.summaryProperty()));
    // The outcome stays readable ("Build failed i…") before the ref and its note give way.
    summary.setMinWidth(120);
    summary.setMaxWidth(Double.MAX_VALUE);
    // One line, whatever the outcome, so a failure does not move the layout: digests shortened,
    // the rest cut with an ellipsis; the whole text is the tooltip.
    summary.setWrapText(false);
    summary.setTextOverrun(OverrunStyle.ELLIPSIS);
    Tooltip summaryTip = new Tooltip();
    summaryTip.textProperty().bind(vm.summaryProperty());
    summaryTip.setWrapText(true);
    summaryTip.setMaxWidth(600);
    summary.setTooltip(summaryTip);
    HBox.setHgrow(summary, Priority.ALWAYS);
    TextField ref = new TextField();
    ref.setId("build-ref");
    ref.setEditable(false);
    ref.setPrefColumnCount(22);
    ref.setMinWidth(60);
    ref.setPromptText("canonical ref of the last ready build");
    // The ref of the build whose log is shown: a past one's while it is shown, else the last ready one.
    ref.textProperty().bind(vm.shownRef());
    Label refNote = new Label();
    refNote.setId("build-ref-note");
    refNote.getStyleClass().add("hint");
    refNote.textProperty().bind(Bindings.when(vm.showingEarlierProperty()).then("").otherwise(vm.refNoteProperty()));
    refNote.setMinWidth(0);
    refNote.setTextOverrun(OverrunStyle.ELLIPSIS);
    Tooltip noteTip = new Tooltip();
    noteTip.textProperty().bind(refNote.textProperty());
    refNote.tooltipProperty().bind(Bindings.when(refNote.textProperty().isEmpty()).then((Tooltip) null)
        .otherwise(noteTip));
    Button copyRef = new Button("Copy ref");
    copyRef.setTooltip(new Tooltip("Copy the canonical ref of the last ready build"));
    copyRef.disableProperty().bind(ref.textProperty().isEmpty());
    copyRef.setOnAction(e -> copy(ref.getText()));
    copyRef.setMinWidth(Region.USE_PREF_SIZE);
    progress.setMinWidth(Region.USE_PREF_SIZE);
    status = new HBox(8, bar, progress, summary, ref, refNote, copyRef);
    status.setAlignment(Pos.CENTER_LEFT);
    status.getStyleClass().add("pane-bar");
    status.setPadding(new Insets(3, 6, 3, 6));

    find = new FindBar(vm.log(), log);
    ToggleButton findToggle = new ToggleButton("Find");
    findToggle.setId("log-find");
    findToggle.setTooltip(new Tooltip("Find in the log (Ctrl+F)"));
    findToggle.selectedProperty().bindBidirectional(find.openProperty());
    stepFilter.setId("log-step-filter");
    stepFilter.setTooltip(new Tooltip("Show the log of one step only"));
    stepFilter.setConverter(new StringConverter<>() {
      @Override
      public String toString(Integer step) {
        return step == null ? "All steps" : "Step " + step;
      }

      @Override
      public Integer fromString(String s) {
        return null;
      }
    });
    refreshFilterChoices();
    vm.steps().addListener((javafx.collections.MapChangeListener<Integer, StepProgress>) c -> refreshFilterChoices());
    stepFilter.valueProperty().addListener((obs, o, n) -> vm.log().filterTo(n));
    log.setOnToggleFold(vm.log()::toggleFold);
    log.area().setContextMenu(new FoldMenu(log, vm.log()).menu());
    ToggleButton follow = new ToggleButton("Follow");
    follow.setId("log-follow");
    follow.setTooltip(new Tooltip("Keep the newest lines in view"));
    follow.selectedProperty().bindBidirectional(log.followProperty());
    Button copy = new Button("Copy");
    copy.setTooltip(new Tooltip("Copy the log to the clipboard"));
    copy.setOnAction(e -> vm.renderShown(stepFilter.getValue(), BuildView::copy));
    Button saveLog = new Button("Save\u2026");
    saveLog.setTooltip(new Tooltip("Save the whole log to a file"));
    saveLog.setOnAction(e -> dialogs.chooseExportFile("build.log", folder.get())
        .ifPresent(p -> vm.renderShown(null, text -> save.accept(p, text))));
    // The buttons keep their labels in a narrow pane; the step filter gives way.
    for (Control c : new Control[] {findToggle, follow, copy, saveLog}) {
      c.setMinWidth(Region.USE_PREF_SIZE);
    }
    stepFilter.setMinWidth(70);
    HBox tools = new HBox(4, findToggle, stepFilter, follow, copy, saveLog);
    tools.setAlignment(Pos.CENTER_LEFT);
    tools.setPadding(new Insets(3, 6, 3, 6));
    tools.getStyleClass().add("pane-bar");
    VBox.setVgrow(log.node(), Priority.ALWAYS);
    root = new VBox(status, tools, find.node(), log.node());
    find.install(root);
    // A frame's cost is mostly the layout pass its new lines cause: the budget learns from the
    // whole pulse, measured once the scene's layout is done.
    Runnable afterLayout = this::recordFrame;
    root.sceneProperty().addListener((obs, old, scene) -> {
      if (old != null) {
        old.removePostLayoutPulseListener(afterLayout);
      }
      if (scene != null) {
        scene.addPostLayoutPulseListener(afterLayout);
      }
    });
    pump = new AnimationTimer() {
      @Override
      public void handle(long now) {
        log.keepingSelection(BuildView.this::pumpOnce);
        find.frame();
      }
    };
    pump.start();
  }

  /** Puts {@code banner} (such as which earlier build's log is shown) between the status and the log's tools. */
  public void setBanner(Node banner) {
    root.getChildren().add(1, banner);
  }

  public VBox node() {
    return root;
  }

  /** Puts {@code action} (such as Start Machine) after Copy ref, to act on the build's ref. */
  public void addRefAction(Node action) {
    status.getChildren().add(action);
  }

  public LogView log() {
    return log;
  }

  /** Opens find in the log, its field focused (Ctrl+F). */
  public void focusSearch() {
    find.open();
  }

  /**
   * Whether Esc pressed in {@code target} closes find rather than cancels the build: find is
   * open and the focus is in this view.
   */
  public boolean findTakesEscape(EventTarget target) {
    for (Node n = target instanceof Node node ? node : null; n != null; n = n.getParent()) {
      if (n == root) {
        return find.isOpen();
      }
    }
    return false;
  }

  /** Stops the frame pump; call when the document closes. */
  public void dispose() {
    pump.stop();
  }

  /**
   * One frame's work: take what the view-model took in since the last frame (at most the
   * frame's line budget) and put it in the log in one change.
   */
  void pumpOnce() {
    long t0 = System.nanoTime();
    frameLines = log.show(vm.drain(budget.lines(), log.followProperty().get()));
    frameStarted = t0;
  }

  /** Tells the budget what this pulse's lines cost, from taking them to the end of the layout pass. */
  private void recordFrame() {
    if (frameLines > 0) {
      budget.record(frameLines, System.nanoTime() - frameStarted);
      frameLines = 0;
    }
  }

  private void refreshFilterChoices() {
    Integer chosen = stepFilter.getValue();
    java.util.List<Integer> choices = new java.util.ArrayList<>();
    choices.add(null);
    vm.steps().keySet().stream().sorted().forEach(choices::add);
    if (!choices.equals(stepFilter.getItems())) {
      stepFilter.getItems().setAll(choices);
      stepFilter.setValue(choices.contains(chosen) ? chosen : null);
    }
  }

  private static void copy(String text) {
    ClipboardContent c = new ClipboardContent();
    c.putString(text == null ? "" : text);
    Clipboard.getSystemClipboard().setContent(c);
  }
}
