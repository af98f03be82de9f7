package dev.templatestudio.app.studio.workspace;

import dev.templatestudio.app.studio.common.StudioDialogs;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.collections.FXCollections;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** {@link StudioDialogs} with the platform's file choosers and JavaFX alerts. FX thread. */
public final class FxStudioDialogs implements StudioDialogs {
  private final Window owner;

  public FxStudioDialogs(Window owner) {
    this.owner = owner;
  }

  @Override
  public Optional<Path> chooseTemplateToOpen(Path initialDir) {
    FileChooser c = chooser("Open a template", initialDir);
    c.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Templates", "*.template.json", "*.json"),
        new FileChooser.ExtensionFilter("All files", "*"));
    return path(c.showOpenDialog(owner));
  }

  @Override
  public Optional<Path> chooseDockerfile(Path initialDir) {
    FileChooser c = chooser("Import a Dockerfile", initialDir);
    c.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("All files", "*"),
        new FileChooser.ExtensionFilter("Dockerfiles", "Dockerfile", "Containerfile", "*.Dockerfile", "*.dockerfile"));
    return path(c.showOpenDialog(owner));
  }

  @Override
  public Optional<Path> chooseSaveFile(String suggestedName, Path initialDir) {
    FileChooser c = chooser("Save the template", initialDir);
    c.setInitialFileName(suggestedName);
    c.getExtensionFilters().add(new FileChooser.ExtensionFilter("Templates", "*.template.json"));
    return path(c.showSaveDialog(owner));
  }

  @Override
  public Optional<Path> chooseExportFile(String suggestedName, Path initialDir) {
    FileChooser c = chooser("Export", initialDir);
    c.setInitialFileName(suggestedName);
    return path(c.showSaveDialog(owner));
  }

  @Override
  public List<Path> chooseCopySources(Path contextDir) {
    FileChooser c = chooser("Files to copy (inside " + contextDir + ")", contextDir);
    List<File> files = c.showOpenMultipleDialog(owner);
    return files == null ? List.of() : files.stream().map(File::toPath).toList();
  }

  @Override
  public Optional<Path> chooseCopyFolder(Path contextDir) {
    DirectoryChooser c = new DirectoryChooser();
    c.setTitle("Folder to copy (inside " + contextDir + ")");
    if (contextDir != null && Files.isDirectory(contextDir)) {
      c.setInitialDirectory(contextDir.toFile());
    }
    return path(c.showDialog(owner));
  }

  @Override
  public CloseChoice confirmClose(String documentName) {
    ButtonType save = new ButtonType("Save", ButtonBar.ButtonData.YES);
    ButtonType discard = new ButtonType("Don't save", ButtonBar.ButtonData.NO);
    ButtonType cancel = new ButtonType("Cancel", ButtonBar.ButtonData.CANCEL_CLOSE);
    Alert a = new Alert(Alert.AlertType.CONFIRMATION, "Save the changes to " + documentName + " before closing?",
        save, discard, cancel);
    a.initOwner(owner);
    a.setTitle("Unsaved changes");
    a.setHeaderText(documentName + " has unsaved changes");
    ButtonType answer = a.showAndWait().orElse(cancel);
    return answer == save ? CloseChoice.SAVE : answer == discard ? CloseChoice.DISCARD : CloseChoice.CANCEL;
  }

  @Override
  public CloseChoice confirmCloseAll(List<String> documentNames) {
    ButtonType save = new ButtonType("Save All", ButtonBar.ButtonData.YES);
    ButtonType discard = new ButtonType("Discard All", ButtonBar.ButtonData.NO);
    ButtonType cancel = new ButtonType("Cancel", ButtonBar.ButtonData.CANCEL_CLOSE);
    Alert a = new Alert(Alert.AlertType.CONFIRMATION, "", save, discard, cancel);
    a.initOwner(owner);
    a.setTitle("Unsaved changes");
    a.setHeaderText(documentNames.size() + " documents have unsaved changes");
    ListView<String> names = new ListView<>(FXCollections.observableArrayList(documentNames));
    names.setId("unsaved-documents");
    names.setPrefHeight(Math.min(8, documentNames.size()) * 26 + 4);
    a.getDialogPane().setContent(new VBox(6, new Label("Save them before closing?"), names));
    ButtonType answer = a.showAndWait().orElse(cancel);
    return answer == save ? CloseChoice.SAVE : answer == discard ? CloseChoice.DISCARD : CloseChoice.CANCEL;
  }

  @Override
  public boolean confirmRestore(int count) {
    Alert a = new Alert(Alert.AlertType.CONFIRMATION,
        "Template Studio did not close cleanly last time. Restore the " + count
            + (count == 1 ? " unsaved document" : " unsaved documents") + " it kept?",
        ButtonType.YES, ButtonType.NO);
    a.initOwner(owner);
    a.setTitle("Restore unsaved work");
    a.setHeaderText("Unsaved work was recovered");
    return a.showAndWait().orElse(ButtonType.NO) == ButtonType.YES;
  }

  @Override
  public boolean confirmStopMachines(String what) {
    ButtonType quit = new ButtonType("Stop and Quit", ButtonBar.ButtonData.OK_DONE);
    Alert a = new Alert(Alert.AlertType.CONFIRMATION, "The studio holds " + what
        + ". Quitting stops them and deletes their files.", quit, ButtonType.CANCEL);
    a.initOwner(owner);
    a.setTitle("Machines are running");
    a.setHeaderText("Stop the running machines?");
    return a.showAndWait().orElse(ButtonType.CANCEL) == quit;
  }

  @Override
  public void showError(String message) {
    Alert a = new Alert(Alert.AlertType.ERROR, message, ButtonType.OK);
    a.initOwner(owner);
    a.setTitle("Template Studio");
    a.setHeaderText(null);
    a.show();
  }

  private static FileChooser chooser(String title, Path initialDir) {
    FileChooser c = new FileChooser();
    c.setTitle(title);
    if (initialDir != null && Files.isDirectory(initialDir)) {
      c.setInitialDirectory(initialDir.toFile());
    }
    return c;
  }

  private static Optional<Path> path(File f) {
    return f == null ? Optional.empty() : Optional.of(f.toPath());
  }
}
