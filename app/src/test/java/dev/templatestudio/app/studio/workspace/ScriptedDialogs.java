package dev.templatestudio.app.studio.workspace;

import dev.templatestudio.app.studio.common.StudioDialogs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Dialogs answered by the test: files chosen programmatically, answers preset, errors recorded. */
public final class ScriptedDialogs implements StudioDialogs {
  public Path openFile;
  public Path dockerfile;
  public Path saveTo;
  public Path exportTo;
  public List<Path> copySources = List.of();
  public Path copyFolder;
  public CloseChoice closeChoice = CloseChoice.DISCARD;
  public boolean restore;
  /** The answer to "quit although machines run?", and each time it was asked, what it named. */
  public boolean stopMachines = true;
  public final List<String> stopMachinesAsked = new ArrayList<>();
  public final List<String> asked = new ArrayList<>();
  /** The document counts each restore question offered. */
  public final List<Integer> restoreOffered = new ArrayList<>();
  public final List<String> errors = new ArrayList<>();
  /** The folder each file chooser would have started in. */
  public final List<Path> initialDirs = new ArrayList<>();

  @Override
  public Optional<Path> chooseTemplateToOpen(Path initialDir) {
    initialDirs.add(initialDir);
    return Optional.ofNullable(openFile);
  }

  @Override
  public Optional<Path> chooseDockerfile(Path initialDir) {
    initialDirs.add(initialDir);
    return Optional.ofNullable(dockerfile);
  }

  @Override
  public Optional<Path> chooseSaveFile(String suggestedName, Path initialDir) {
    return Optional.ofNullable(saveTo);
  }

  @Override
  public Optional<Path> chooseExportFile(String suggestedName, Path initialDir) {
    return Optional.ofNullable(exportTo);
  }

  @Override
  public List<Path> chooseCopySources(Path contextDir) {
    return copySources;
  }

  @Override
  public Optional<Path> chooseCopyFolder(Path contextDir) {
    initialDirs.add(contextDir);
    return Optional.ofNullable(copyFolder);
  }

  @Override
  public CloseChoice confirmClose(String documentName) {
    asked.add(documentName);
    return closeChoice;
  }

  /** Records the names asked about together, joined by ", ". */
  @Override
  public CloseChoice confirmCloseAll(List<String> documentNames) {
    asked.add(String.join(", ", documentNames));
    return closeChoice;
  }

  @Override
  public boolean confirmRestore(int count) {
    restoreOffered.add(count);
    return restore;
  }

  @Override
  public boolean confirmStopMachines(String what) {
    stopMachinesAsked.add(what);
    return stopMachines;
  }

  @Override
  public void showError(String message) {
    errors.add(message);
  }
}
