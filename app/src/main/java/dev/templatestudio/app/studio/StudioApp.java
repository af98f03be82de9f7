package dev.templatestudio.app.studio;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;

/** The JavaFX application: one main window. */
public final class StudioApp extends Application {
  @Override
  public void start(Stage stage) {
    stage.setTitle("Template Studio");
    stage.setScene(new Scene(new Label("Template Studio"), 1280, 800));
    stage.show();
  }
}
