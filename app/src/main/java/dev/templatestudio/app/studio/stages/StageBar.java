package dev.templatestudio.app.studio.stages;

import dev.templatestudio.bridge.template.TemplateStages;
import java.util.List;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.FlowPane;

/**
 * The stage strip above the pipeline: one toggle per build stage in file order, then "final"
 * (the image that is built), then "+ Stage". Double-click or F2 renames a stage in place
 * (Enter keeps the name, Esc does not), its context menu or Delete removes it; what cannot be
 * done is said in one sentence by {@code onError}. FX thread.
 */
public final class StageBar {
  private final StagesViewModel vm;
  private final Consumer<String> onError;
  private final FlowPane bar = new FlowPane(4, 4);
  private final ToggleGroup group = new ToggleGroup();
  private boolean rebuilding;

  public StageBar(StagesViewModel vm, Consumer<String> onError) {
    this.vm = vm;
    this.onError = onError;
    bar.setId("stage-bar");
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.getStyleClass().add("stage-bar");
    vm.names().addListener((ListChangeListener<String>) c -> rebuild());
    vm.shownProperty().addListener((o, a, s) -> select(s.intValue()));
    group.selectedToggleProperty().addListener((o, was, now) -> {
      if (rebuilding) {
        return;
      }
      if (now == null) {
        // A stage stays on show: clicking the selected toggle does not leave none.
        group.selectToggle(was);
      } else {
        vm.show((Integer) now.getUserData());
      }
    });
    rebuild();
  }

  public FlowPane node() {
    return bar;
  }

  private void rebuild() {
    rebuilding = true;
    try {
      bar.getChildren().clear();
      // Toggles stay in their group until taken out: a stale one would be found by select().
      List.copyOf(group.getToggles()).forEach(t -> t.setToggleGroup(null));
      for (int i = 0; i < vm.names().size(); i++) {
        bar.getChildren().add(stageToggle(i, vm.names().get(i)));
      }
      ToggleButton last = toggle(TemplateStages.FINAL, "final", "stage-final");
      last.setTooltip(new Tooltip("The final stage: the image that is built (its base, steps and start command)"));
      bar.getChildren().add(last);
      Button add = new Button("+ Stage");
      add.setId("stage-add");
      add.getStyleClass().add("stage-add");
      add.setTooltip(new Tooltip("Add a build stage (FROM \u2026 AS name) that the final stage can copy from"));
      add.setOnAction(e -> vm.add());
      bar.getChildren().add(add);
      select(vm.shownProperty().get());
    } finally {
      rebuilding = false;
    }
  }

  private ToggleButton stageToggle(int index, String name) {
    ToggleButton t = toggle(index, name, "stage-" + index);
    t.setTooltip(new Tooltip("Build stage " + name + ": double-click or F2 to rename, Delete to remove"));
    MenuItem rename = new MenuItem("Rename\u2026");
    rename.setOnAction(e -> startRename(t, index, name));
    MenuItem remove = new MenuItem("Remove stage");
    remove.setOnAction(e -> remove(index));
    t.setContextMenu(new ContextMenu(rename, remove));
    t.setOnMouseClicked(e -> {
      if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
        startRename(t, index, name);
      }
    });
    t.setOnKeyPressed(e -> {
      if (e.getCode() == KeyCode.F2) {
        startRename(t, index, name);
        e.consume();
      } else if (e.getCode() == KeyCode.DELETE) {
        remove(index);
        e.consume();
      }
    });
    return t;
  }

  private ToggleButton toggle(int index, String text, String id) {
    ToggleButton t = new ToggleButton(text);
    t.setId(id);
    t.setUserData(index);
    t.setToggleGroup(group);
    t.getStyleClass().add("stage-toggle");
    t.setFocusTraversable(true);
    return t;
  }

  private void select(int index) {
    group.getToggles().stream().filter(t -> Integer.valueOf(index).equals(t.getUserData())).findFirst()
        .ifPresent(t -> {
          if (!t.isSelected()) {
            group.selectToggle(t);
          }
        });
  }

  private void startRename(ToggleButton toggle, int index, String name) {
    int at = bar.getChildren().indexOf(toggle);
    if (at < 0) {
      return;
    }
    TextField field = new TextField(name);
    field.setId("stage-rename");
    field.setPrefColumnCount(Math.max(6, name.length()));
    boolean[] done = new boolean[1];
    Runnable finish = () -> {
      if (!done[0]) {
        done[0] = true;
        String problem = vm.rename(index, field.getText());
        rebuild();
        if (problem != null) {
          onError.accept(problem);
        }
      }
    };
    field.setOnAction(e -> finish.run());
    field.setOnKeyPressed(e -> {
      if (e.getCode() == KeyCode.ESCAPE) {
        done[0] = true;
        rebuild();
        e.consume();
      }
    });
    field.focusedProperty().addListener((o, was, focused) -> {
      if (!focused) {
        finish.run();
      }
    });
    bar.getChildren().set(at, field);
    Platform.runLater(() -> {
      field.requestFocus();
      field.selectAll();
    });
  }

  private void remove(int index) {
    String problem = vm.remove(index);
    if (problem != null) {
      onError.accept(problem);
    }
  }

  /** The toggle of stage {@code index} (or of the final stage), for tests and key focus. */
  public Node toggleOf(int index) {
    return bar.getChildren().stream().filter(n -> n instanceof ToggleButton t
        && Integer.valueOf(index).equals(t.getUserData())).findFirst().orElse(null);
  }
}
