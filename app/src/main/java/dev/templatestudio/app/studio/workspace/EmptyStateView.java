package dev.templatestudio.app.studio.workspace;

import dev.templatestudio.app.studio.common.Icons;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/** What the window shows with no document open: three ways to start. FX thread. */
final class EmptyStateView {
  private final VBox root;

  EmptyStateView(WorkspaceViewModel vm) {
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
    root = new VBox(14, title, text, example, importer, scratch);
    root.setAlignment(Pos.CENTER);
    root.setPadding(new Insets(40));
    root.getStyleClass().add("empty-state");
    root.setId("empty-state");
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
