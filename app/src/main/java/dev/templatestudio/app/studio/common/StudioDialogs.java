package dev.templatestudio.app.studio.common;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The questions the studio asks a person: files to open or save, whether to save before
 * closing. Shared by every feature that asks; the shell supplies native choosers and alerts
 * ({@code FxStudioDialogs} in the workspace), tests answer programmatically. FX thread.
 */
public interface StudioDialogs {

  /** The answer to "save changes before closing?". */
  enum CloseChoice { SAVE, DISCARD, CANCEL }

  Optional<Path> chooseTemplateToOpen(Path initialDir);

  Optional<Path> chooseDockerfile(Path initialDir);

  /** Where to save a template, suggesting {@code suggestedName}. */
  Optional<Path> chooseSaveFile(String suggestedName, Path initialDir);

  /** Where to export text such as the preview or a log. */
  Optional<Path> chooseExportFile(String suggestedName, Path initialDir);

  /** Files to copy into the image, chosen below {@code contextDir}. */
  List<Path> chooseCopySources(Path contextDir);

  /**
   * A folder to copy into the image, chosen below {@code contextDir}: a separate question
   * because the platform's file chooser picks files only.
   */
  Optional<Path> chooseCopyFolder(Path contextDir);

  CloseChoice confirmClose(String documentName);

  /**
   * Whether to save all of several unsaved documents before closing them (Save All, Discard
   * All or Cancel): one question for all of them.
   */
  CloseChoice confirmCloseAll(List<String> documentNames);

  /** Whether to restore {@code count} documents saved before the studio last stopped unexpectedly. */
  boolean confirmRestore(int count);

  /**
   * Whether to quit although the studio holds running machines or warm pools, which quitting
   * stops: {@code what} says how many ("2 machines and 1 warm pool"). One question for all.
   */
  boolean confirmStopMachines(String what);

  /** Shows a one-sentence error. */
  void showError(String message);
}
