package dev.templatestudio.app.studio.history;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * Says, while an earlier build's log is shown instead of the live one, which build it is, with
 * the way back; hidden otherwise. It goes above the build log. FX thread.
 */
public final class EarlierBuildBar {
  private final HBox bar;

  public EarlierBuildBar(HistoryViewModel vm) {
    Label which = new Label();
    which.setId("log-past-build");
    which.textProperty().bind(Bindings.createStringBinding(
        () -> vm.shownProperty().get() == null ? "" : "Earlier build: " + vm.shownProperty().get().describe(),
        vm.shownProperty()));
    which.setMinWidth(0);
    HBox.setHgrow(which, Priority.ALWAYS);
    Button live = new Button("Back to the live log");
    live.setId("log-back-to-live");
    live.setMinWidth(Region.USE_PREF_SIZE);
    live.setOnAction(e -> vm.showLive());
    bar = new HBox(8, which, live);
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.setPadding(new Insets(3, 6, 3, 6));
    bar.getStyleClass().addAll("pane-bar", "past-build-bar");
    bar.visibleProperty().bind(vm.shownProperty().isNotNull());
    bar.managedProperty().bind(bar.visibleProperty());
  }

  public HBox node() {
    return bar;
  }
}
