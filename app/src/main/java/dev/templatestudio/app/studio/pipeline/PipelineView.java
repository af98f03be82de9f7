package dev.templatestudio.app.studio.pipeline;

import dev.templatestudio.app.studio.common.DataFormats;
import dev.templatestudio.app.studio.document.StepKind;
import dev.templatestudio.app.studio.logview.StepProgress;
import dev.templatestudio.app.studio.logview.StepState;
import dev.templatestudio.bridge.build.CachePrediction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.Observable;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.MapChangeListener;
import javafx.collections.ObservableMap;
import javafx.scene.Node;
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.TransferMode;
import javafx.util.Duration;

/**
 * The pipeline of step cards. Accepts palette entries and moved cards by drag and drop at the
 * position under the pointer (the card's upper half: before it; lower half: after it), with a
 * drop indicator; files dropped on it go on to the window, which imports them; keys: Alt+Up/Down move, Delete deletes, Ctrl+D duplicates. FX thread.
 */
public final class PipelineView {
  private final PipelineViewModel vm;
  private final ListView<PipelineCard> list = new ListView<>();
  private final Timeline ticker;
  private CardCell indicated;
  private ObservableMap<Integer, CachePrediction.Step> predicted = FXCollections.observableHashMap();
  /** The cells the list made; those it dropped go with the garbage. */
  private final Set<CardCell> cells = Collections.newSetFromMap(new WeakHashMap<>());
  private boolean syncing;

  /** Shows {@code steps}, each part's predicted cache state, on the cards from now on. */
  public void showPredictions(ObservableMap<Integer, CachePrediction.Step> steps) {
    predicted = steps;
    steps.addListener((MapChangeListener<Integer, CachePrediction.Step>) c -> cells.forEach(CardCell::refreshPrediction));
    cells.forEach(CardCell::refreshPrediction);
  }

  /**
   * @param problems the first error of a part (null if none), marked on its card
   * @param problemsChanged fires when those errors may have changed
   */
  public PipelineView(PipelineViewModel vm, ObservableMap<Integer, StepProgress> states, LongSupplier clock,
      IntFunction<String> problems, Observable problemsChanged) {
    this.vm = vm;
    list.setId("pipeline");
    list.getStyleClass().add("pipeline");
    list.setItems(vm.cards());
    list.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
    list.setCellFactory(v -> {
      CardCell cell = new CardCell(states, vm::changedSinceBuild, problems, clock, part -> predicted.get(part));
      cells.add(cell);
      wireDrag(cell);
      return cell;
    });
    list.getSelectionModel().getSelectedIndices().addListener((ListChangeListener<Integer>) c -> pushSelection());
    vm.selectedParts().addListener((ListChangeListener<Integer>) c -> pullSelection());
    vm.focusedPartProperty().addListener((obs, o, n) -> pullSelection());
    vm.cards().addListener((ListChangeListener<PipelineCard>) c -> pullSelection());
    vm.refreshingProperty().addListener((obs, was, now) -> {
      if (!now) {
        pullSelection();
      }
    });
    states.addListener((MapChangeListener<Integer, StepProgress>) c -> list.refresh());
    vm.unchangedPartsProperty().addListener((obs, o, n) -> list.refresh());
    problemsChanged.addListener(o -> list.refresh());
    ticker = new Timeline(new KeyFrame(Duration.millis(500), e -> {
      if (states.values().stream().anyMatch(s -> s.state() == StepState.RUNNING)) {
        list.refresh();
      }
    }));
    ticker.setCycleCount(Timeline.INDEFINITE);
    ticker.play();
    list.setOnKeyPressed(e -> {
      if (e.getCode() == KeyCode.DELETE) {
        vm.deleteSelected();
        e.consume();
      }
    });
    list.setOnDragOver(this::dragOverEmpty);
    list.setOnDragDropped(e -> drop(e, -1, false));
    pullSelection();
  }

  public ListView<PipelineCard> node() {
    return list;
  }

  /** Stops the badge clock; call when the document closes. */
  public void dispose() {
    ticker.stop();
  }

  private void pushSelection() {
    if (syncing || vm.refreshingProperty().get()) {
      return;
    }
    List<Integer> selected = List.copyOf(list.getSelectionModel().getSelectedIndices());
    int focus = list.getSelectionModel().getSelectedIndex();
    List<Integer> ordered = new ArrayList<>(selected);
    if (ordered.remove(Integer.valueOf(focus))) {
      ordered.add(focus);
    }
    syncing = true;
    try {
      vm.select(ordered);
    } finally {
      syncing = false;
    }
  }

  private void pullSelection() {
    if (syncing) {
      return;
    }
    syncing = true;
    try {
      List<Integer> parts = vm.selectedParts();
      if (!parts.equals(list.getSelectionModel().getSelectedIndices())
          || list.getSelectionModel().getSelectedIndex() != vm.focusedPart()) {
        list.getSelectionModel().clearSelection();
        for (int p : parts) {
          if (p != vm.focusedPart()) {
            list.getSelectionModel().select(p);
          }
        }
        if (vm.focusedPart() >= 0) {
          list.getSelectionModel().select(vm.focusedPart());
          list.getFocusModel().focus(vm.focusedPart());
        }
      }
    } finally {
      syncing = false;
    }
  }

  private void wireDrag(CardCell cell) {
    cell.setOnDragDetected(e -> {
      PipelineCard card = cell.getItem();
      if (card == null || !card.step()) {
        return;
      }
      if (!vm.selectedParts().contains(card.part())) {
        vm.select(card.part());
      }
      Dragboard db = cell.startDragAndDrop(TransferMode.MOVE);
      ClipboardContent content = new ClipboardContent();
      content.put(DataFormats.STEP_INDICES, vm.selectedStepIndices().stream()
          .map(String::valueOf).collect(Collectors.joining(",")));
      db.setContent(content);
      e.consume();
    });
    cell.setOnDragOver(e -> {
      if (!accepts(e)) {
        return;
      }
      e.acceptTransferModes(e.getDragboard().hasContent(DataFormats.STEP_KIND) ? TransferMode.COPY : TransferMode.MOVE);
      boolean upper = e.getY() < cell.getHeight() / 2;
      indicate(cell.isEmpty() ? null : cell, upper);
      if (cell.isEmpty()) {
        indicateEnd();
      }
      e.consume();
    });
    cell.setOnDragExited(e -> cell.indicate(false, false));
    cell.setOnDragDropped(e -> {
      int part = cell.isEmpty() || cell.getItem() == null ? -1 : cell.getItem().part();
      drop(e, part, e.getY() < cell.getHeight() / 2);
    });
    cell.setOnDragDone(e -> clearIndicator());
  }

  private void dragOverEmpty(DragEvent e) {
    if (accepts(e)) {
      e.acceptTransferModes(TransferMode.COPY_OR_MOVE);
      indicateEnd();
      e.consume();
    }
  }

  private boolean accepts(DragEvent e) {
    Dragboard db = e.getDragboard();
    return db.hasContent(DataFormats.STEP_KIND)
        || (db.hasContent(DataFormats.STEP_INDICES) && e.getGestureSource() instanceof CardCell);
  }

  private void drop(DragEvent e, int part, boolean upper) {
    if (!accepts(e)) {
      // Files from another application: left to the window, which opens or imports them.
      return;
    }
    Dragboard db = e.getDragboard();
    int steps = vm.cards().stream().filter(PipelineCard::step).mapToInt(c -> 1).sum();
    int at = DropPositions.insertIndex(part, upper, steps);
    boolean done = false;
    if (db.hasContent(DataFormats.STEP_KIND)) {
      vm.add(StepKind.valueOf((String) db.getContent(DataFormats.STEP_KIND)), at);
      done = true;
    } else if (db.hasContent(DataFormats.STEP_INDICES) && e.getGestureSource() instanceof CardCell) {
      String indices = (String) db.getContent(DataFormats.STEP_INDICES);
      if (!indices.isEmpty()) {
        vm.moveSteps(Arrays.stream(indices.split(",")).map(Integer::valueOf).toList(), at);
        done = true;
      }
    }
    clearIndicator();
    e.setDropCompleted(done);
    e.consume();
    list.requestFocus();
  }

  private void indicate(CardCell cell, boolean above) {
    clearIndicator();
    if (cell != null) {
      indicated = cell;
      cell.indicate(above, !above);
    }
  }

  private void indicateEnd() {
    clearIndicator();
    for (Node n : list.lookupAll(".card-cell")) {
      if (n instanceof CardCell c && c.getItem() != null && c.getIndex() == vm.cards().size() - 1) {
        indicated = c;
        c.indicate(false, true);
      }
    }
  }

  private void clearIndicator() {
    if (indicated != null) {
      indicated.indicate(false, false);
      indicated = null;
    }
  }
}
