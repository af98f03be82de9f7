package dev.templatestudio.app.studio.workspace;

import dev.templatestudio.app.studio.common.Icons;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;

/** What the window shows with no document open: three ways to start, and the recent files. FX thread. */
final class EmptyStateView {
  private static final int RECENT_SHOWN = 5;
  private final VBox root;
  private final VBox recent = new VBox(2);

  /** @param recentFiles the files used last, newest first; read each time the page shows */
  EmptyStateView(WorkspaceViewModel vm, Supplier<List<Path>> recentFiles) {
    Label title = new Label("Compose a machine template");
    title.getStyleClass().add("empty-title");
    Label text = new Label("Point and click a build from steps, or bring a Dockerfile you have.");
    text.getStyleClass().add("hint");
    Button example = big("empty-example", "Start from the Python example",
        "python:3.12 with git, curl, FastAPI and uvicorn", "pip");
    example.setOnAction(e -> vm.newFromExample());
    Button importer = big("empty-import", "Import a Dockerfile\u2026",
        "or drop one (or its folder) anywhere on this window", "import");
    importer.setOnAction(e -> vm.importChosen());
    Button scratch = big("empty-scratch", "Start from scratch", "a base image and nothing else", "new");
    scratch.setOnAction(e -> vm.newScratch());
    recent.setId("empty-recent");
    recent.setMaxWidth(420);
    root = new VBox(14, title, text, example, importer, scratch, recent);
    root.visibleProperty().addListener((o, was, shown) -> {
      if (shown) {
        showRecent(vm, recentFiles.get());
      }
    });
    showRecent(vm, recentFiles.get());
    root.setAlignment(Pos.CENTER);
    root.setPadding(new Insets(40));
    root.getStyleClass().add("empty-state");
    root.setId("empty-state");
  }

  private void showRecent(WorkspaceViewModel vm, List<Path> files) {
    recent.getChildren().clear();
    if (files.isEmpty()) {
      return;
    }
    Label heading = new Label("Recent");
    heading.getStyleClass().add("pane-title");
    recent.getChildren().add(heading);
    for (int i = 0; i < Math.min(RECENT_SHOWN, files.size()); i++) {
      Path p = files.get(i);
      Hyperlink link = new Hyperlink(p.getFileName() + (p.getParent() == null ? "" : "  \u2014  " + p.getParent()));
      link.setId("recent-" + i);
      link.setTooltip(new Tooltip(p.toString()));
      link.setTextOverrun(OverrunStyle.LEADING_ELLIPSIS);
      link.setOnAction(e -> vm.open(p));
      recent.getChildren().add(link);
    }
  }

  private static Button big(String id, String title, String detail, String icon) {
    Button b = new Button(title + "\n" + detail);
    b.setId(id);
    b.setGraphic(Icons.node(icon, 24));
    b.setContentDisplay(ContentDisplay.LEFT);
    b.getStyleClass().add("empty-choice");
    b.setPrefWidth(420);
    b.setAlignment(Pos.CENTER_LEFT);
    return b;
  }

  VBox node() {
    return root;
  }
}
