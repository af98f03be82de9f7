package dev.templatestudio.app.studio.workspace;

import dev.templatestudio.app.studio.document.StageLens;
import dev.templatestudio.app.studio.logview.StageStep;
import dev.templatestudio.app.studio.logview.StepProgress;
import java.util.HashMap;
import java.util.Map;
import javafx.collections.FXCollections;
import javafx.collections.MapChangeListener;
import javafx.collections.ObservableMap;

/**
 * The last build's state of each card of the stage on show: the final stage's parts as
 * {@link PartStates} keeps them, or a build stage's steps by their number within the stage, so
 * that a stage's step never shows the badge of the final stage's step of the same number, nor
 * the other way round. FX thread.
 */
final class ShownStates {
  private final StageLens lens;
  private final ObservableMap<Integer, StepProgress> finalParts;
  private final ObservableMap<StageStep, StepProgress> stageSteps;
  private final ObservableMap<Integer, StepProgress> shown = FXCollections.observableHashMap();

  ShownStates(StageLens lens, ObservableMap<Integer, StepProgress> finalParts,
      ObservableMap<StageStep, StepProgress> stageSteps) {
    this.lens = lens;
    this.finalParts = finalParts;
    this.stageSteps = stageSteps;
    finalParts.addListener((MapChangeListener<Integer, StepProgress>) c -> {
      if (lens.isFinal()) {
        refresh();
      }
    });
    stageSteps.addListener((MapChangeListener<StageStep, StepProgress>) c -> {
      if (!lens.isFinal()) {
        refresh();
      }
    });
    lens.stageProperty().addListener((o, a, s) -> refresh());
    lens.templateProperty().addListener((o, a, t) -> refresh());
    refresh();
  }

  ObservableMap<Integer, StepProgress> states() {
    return shown;
  }

  private void refresh() {
    Map<Integer, StepProgress> next = new HashMap<>();
    if (lens.isFinal()) {
      next.putAll(finalParts);
    } else {
      String name = lens.stageName();
      stageSteps.forEach((k, p) -> {
        if (k.stage().equals(name)) {
          next.put(k.step(), p);
        }
      });
    }
    shown.keySet().retainAll(next.keySet());
    next.forEach((part, p) -> {
      if (!p.equals(shown.get(part))) {
        shown.put(part, p);
      }
    });
  }
}
