package dev.templatestudio.app.studio.workspace;

import dev.templatestudio.app.studio.build.BuildViewModel;
import dev.templatestudio.app.studio.common.StudioDialogs;
import dev.templatestudio.app.studio.common.TaskRunner;
import dev.templatestudio.app.studio.document.DocumentFiles;
import dev.templatestudio.app.studio.document.Examples;
import dev.templatestudio.app.studio.document.TemplateDocument;
import dev.templatestudio.app.studio.document.UserFacingException;
import dev.templatestudio.app.studio.history.HistoryViewModel;
import dev.templatestudio.app.studio.importer.DroppedFiles;
import dev.templatestudio.app.studio.importer.Opened;
import dev.templatestudio.bridge.dockerfile.LoadedTemplate;
import dev.templatestudio.bridge.history.BuildLogArchive;
import dev.templatestudio.bridge.io.AtomicWrite;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.text.Plural;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The open documents and the commands on them: new, open, import, save, close, and dropped
 * files. File work runs through the {@link TaskRunner}; questions go to {@link StudioDialogs}.
 * FX thread only.
 */
public final class WorkspaceViewModel {
  private final TaskRunner tasks;
  private final StudioDialogs dialogs;
  private final Supplier<BuildViewModel> builds;
  private final BuildLogArchive history;
  private final ObservableList<EditorSession> sessions = FXCollections.observableArrayList();
  private final ObjectProperty<EditorSession> current = new SimpleObjectProperty<>(this, "current");
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "Ready");
  private final List<Consumer<Path>> openedListeners = new ArrayList<>();
  /** The folder of the file last opened, imported or saved: where the file choosers start. */
  private Path lastFolder;
  /** The Dockerfile each imported document came from, with the text it had then. */
  private final Map<EditorSession, Imported> imports = new HashMap<>();

  private record Imported(Path file, String text) { }

  /** Documents whose builds are not kept after the studio closes. */
  public WorkspaceViewModel(TaskRunner tasks, StudioDialogs dialogs, Supplier<BuildViewModel> builds) {
    this(tasks, dialogs, builds, null);
  }

  /**
   * @param builds  makes the build view-model of each new document
   * @param history where every document's finished builds are kept; null to keep them only while it is open
   */
  public WorkspaceViewModel(TaskRunner tasks, StudioDialogs dialogs, Supplier<BuildViewModel> builds,
      BuildLogArchive history) {
    this.tasks = tasks;
    this.dialogs = dialogs;
    this.builds = builds;
    this.history = history;
    current.addListener((o, was, now) -> status.set(""));
  }

  /** The open documents, in tab order. */
  public ObservableList<EditorSession> sessions() {
    return sessions;
  }

  /** The document in front; null when none is open. */
  public ObjectProperty<EditorSession> currentProperty() {
    return current;
  }

  public EditorSession current() {
    return current.get();
  }

  /**
   * The last thing that happened to the document in front, for the status bar; "" once
   * another document comes to the front or its build starts or ends.
   */
  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  /** Called with each file opened or saved (for the recent-files list). */
  public void onFileUsed(Consumer<Path> listener) {
    openedListeners.add(listener);
  }

  /** A new document with the seed's Python example. */
  public EditorSession newFromExample() {
    return add(new TemplateDocument(Examples.python(), null, nextUntitled()), null, null, null);
  }

  /** A new document with only a base image. */
  public EditorSession newScratch() {
    return add(new TemplateDocument(Examples.scratch(), null, nextUntitled()), null, null, null);
  }

  /** A new unsaved document holding {@code template} (restored work, for instance). */
  public EditorSession newWith(Template template, String name) {
    TemplateDocument doc = new TemplateDocument(Examples.scratch(), null, name);
    doc.edit("Restore", t -> template);
    return add(doc, null, null, null);
  }

  /** Asks for a template file and opens it. */
  public void openChosen() {
    dialogs.chooseTemplateToOpen(initialDir()).ifPresent(this::open);
  }

  /**
   * Opens a file: a template document (or brings it to front when it is open already), a
   * Dockerfile (imported) or a folder holding one, as the bridge's loader decides.
   */
  public void open(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    EditorSession open = openAt(abs);
    if (open != null) {
      current.set(open);
      return;
    }
    status.set("Opening " + abs.getFileName() + "\u2026");
    tasks.run(() -> DroppedFiles.load(abs), this::opened, this::fail);
  }

  /** Asks for a Dockerfile and imports it. */
  public void importChosen() {
    dialogs.chooseDockerfile(initialDir()).ifPresent(this::importDockerfile);
  }

  /**
   * Imports a Dockerfile as a new document. The import is the document's first edit, so Undo
   * takes it back; its diagnostics go to the problems list.
   */
  public void importDockerfile(Path dockerfile) {
    Path abs = dockerfile.toAbsolutePath().normalize();
    status.set("Importing " + abs.getFileName() + "\u2026");
    tasks.run(() -> DroppedFiles.load(abs), this::opened, this::fail);
  }

  /** Acts on files dropped on the window: each opens or is imported as {@link #open} would. */
  public void drop(List<Path> files) {
    List<Path> abs = files.stream().map(f -> f.toAbsolutePath().normalize()).toList();
    tasks.run(() -> DroppedFiles.dropped(abs), all -> all.forEach(this::opened), this::fail);
  }

  private void opened(Opened o) {
    if (o.problem() != null) {
      fail(new UserFacingException(o.problem()));
      return;
    }
    LoadedTemplate t = o.template();
    if (t.kind() == LoadedTemplate.Kind.DOCKERFILE) {
      imported(t);
      return;
    }
    Path file = t.file().toAbsolutePath().normalize();
    EditorSession open = openAt(file);
    if (open != null) {
      current.set(open);
      return;
    }
    add(new TemplateDocument(t.template(), file, file.getFileName().toString()), null, null, null);
    status.set("Opened " + file);
    fileUsed(file);
  }

  private void imported(LoadedTemplate t) {
    Path dockerfile = t.file().toAbsolutePath().normalize();
    Imported source = new Imported(dockerfile, t.dockerfile());
    EditorSession same = imports.entrySet().stream().filter(e -> e.getValue().equals(source))
        .map(Map.Entry::getKey).findFirst().orElse(null);
    if (same != null) {
      // The same file, unchanged since: its tab again rather than a copy of it.
      current.set(same);
      status.set(dockerfile + " is open already");
      return;
    }
    TemplateDocument doc = new TemplateDocument(Examples.scratch(), null, tabName(dockerfile));
    doc.edit("Import " + dockerfile.getFileName(), x -> t.template());
    doc.setImportDiagnostics(t.diagnostics());
    imports.put(add(doc, dockerfile.getParent(), t.dockerfile(), t.suggestedName()), source);
    lastFolder = dockerfile.getParent();
    long errors = t.diagnostics().stream().filter(d -> d.isError()).count();
    status.set("Imported " + dockerfile + (t.diagnostics().isEmpty() ? ""
        : " with " + Plural.of(errors, "error") + " and " + Plural.of(t.diagnostics().size() - errors, "warning")));
  }

  /** The open document saved at {@code file}; null when none is. */
  private EditorSession openAt(Path file) {
    return sessions.stream().filter(s -> file.equals(s.document().path())).findFirst().orElse(null);
  }

  /** Saves the current document; asks for a file when it has none. */
  public void save(EditorSession s, Runnable onSaved) {
    if (s.document().path() == null) {
      saveAs(s, onSaved);
    } else {
      write(s, s.document().path(), onSaved);
    }
  }

  /** Asks where to save, then saves. */
  public void saveAs(EditorSession s, Runnable onSaved) {
    String name = s.publishName() != null ? s.publishName() : s.document().displayName();
    String suggested = name.replaceAll("[^A-Za-z0-9._-]", "-");
    if (!suggested.endsWith(".json")) {
      suggested += DocumentFiles.EXTENSION;
    }
    dialogs.chooseSaveFile(suggested, initialDir())
        .ifPresent(f -> write(s, DocumentFiles.withExtension(f.toAbsolutePath().normalize()), onSaved));
  }

  private void write(EditorSession s, Path file, Runnable onSaved) {
    Template written = s.document().template();
    tasks.run(() -> {
      DocumentFiles.write(file, written);
      return file;
    }, f -> {
      s.document().markSaved(f, written);
      status.set("Saved " + f);
      fileUsed(f);
      onSaved.run();
    }, this::fail);
  }

  /** Writes text (a preview or a log) to a file chosen by the user, atomically, in the background. */
  public void exportText(Path file, String text) {
    tasks.run(() -> {
      try {
        AtomicWrite.writeString(file, text);
      } catch (IOException e) {
        throw new UserFacingException("Cannot write " + file + ": " + e.getMessage() + ".");
      }
      return file;
    }, f -> status.set("Wrote " + f), this::fail);
  }

  /**
   * Closes a document, first asking whether to save unsaved changes; {@code onClosed} runs
   * once it is closed (not when the person cancels).
   */
  public void close(EditorSession s, Runnable onClosed) {
    if (!s.document().isDirty()) {
      remove(s);
      onClosed.run();
      return;
    }
    switch (dialogs.confirmClose(s.document().displayName())) {
      case SAVE:
        save(s, () -> {
          remove(s);
          onClosed.run();
        });
        break;
      case DISCARD:
        remove(s);
        onClosed.run();
        break;
      default:
        break;
    }
  }

  /**
   * Closes every document; {@code onAllClosed} runs when none is left. Several unsaved ones are
   * asked about once, all together (Save All, Discard All, Cancel); a single one as {@link #close}
   * does. A save that does not happen (no file chosen, a write that failed) stops the closing.
   */
  public void closeAll(Runnable onAllClosed) {
    List<EditorSession> unsaved = sessions.stream().filter(s -> s.document().isDirty()).toList();
    if (unsaved.size() < 2) {
      closeEach(onAllClosed);
      return;
    }
    switch (dialogs.confirmCloseAll(unsaved.stream().map(s -> s.document().displayName()).toList())) {
      case SAVE:
        saveEach(unsaved, 0, () -> removeAll(onAllClosed));
        break;
      case DISCARD:
        removeAll(onAllClosed);
        break;
      default:
        break;
    }
  }

  private void closeEach(Runnable onAllClosed) {
    if (sessions.isEmpty()) {
      onAllClosed.run();
      return;
    }
    EditorSession s = current.get() != null ? current.get() : sessions.get(0);
    close(s, () -> closeEach(onAllClosed));
  }

  private void saveEach(List<EditorSession> unsaved, int i, Runnable then) {
    if (i == unsaved.size()) {
      then.run();
    } else {
      current.set(unsaved.get(i));
      save(unsaved.get(i), () -> saveEach(unsaved, i + 1, then));
    }
  }

  private void removeAll(Runnable onAllClosed) {
    List.copyOf(sessions).forEach(this::remove);
    onAllClosed.run();
  }

  /**
   * @param importedFrom  the folder of the Dockerfile the document was imported from; null if none
   * @param importSource  that Dockerfile's text
   * @param suggestedName the name that Dockerfile suggests to publish under
   */
  private EditorSession add(TemplateDocument doc, Path importedFrom, String importSource, String suggestedName) {
    Path context = importedFrom != null ? importedFrom : Path.of("").toAbsolutePath();
    BuildViewModel b = builds.get();
    HistoryViewModel h = new HistoryViewModel(tasks, b::amendSummary);
    if (history != null) {
      h.keepIn(history);
    }
    EditorSession s = new EditorSession(doc, b, h, context, importSource, suggestedName, tasks);
    // A build's progress and then its result take over the status line from older messages.
    s.builds().runningProperty().addListener((o, was, now) -> {
      if (current.get() == s) {
        status.set("");
      }
    });
    s.pipeline().select(doc.template().steps().isEmpty() ? 0 : 1);
    sessions.add(s);
    current.set(s);
    return s;
  }

  /** An imported Dockerfile's tab name, file and folder ("Dockerfile — web"): many share a file name. */
  private static String tabName(Path dockerfile) {
    Path folder = dockerfile.getParent() == null ? null : dockerfile.getParent().getFileName();
    return dockerfile.getFileName() + (folder == null ? "" : " \u2014 " + folder);
  }

  private void remove(EditorSession s) {
    imports.remove(s);
    int i = sessions.indexOf(s);
    sessions.remove(s);
    if (current.get() == s) {
      current.set(sessions.isEmpty() ? null : sessions.get(Math.max(0, i - 1)));
    }
    if (s.builds().isRunning()) {
      s.builds().cancel();
    }
  }

  /** Where the file choosers start (see {@link #useFolder}), else the front document's folder. */
  private Path initialDir() {
    if (lastFolder != null) {
      return lastFolder;
    }
    EditorSession s = current.get();
    return s == null ? Path.of("").toAbsolutePath() : s.contextDir();
  }

  /** Makes {@code folder} (the last used one, of an earlier run) where the file choosers start. */
  public void useFolder(Path folder) {
    lastFolder = folder;
  }

  private void fileUsed(Path f) {
    lastFolder = f.toAbsolutePath().getParent();
    openedListeners.forEach(l -> l.accept(f));
  }

  private void fail(Exception e) {
    String message = e instanceof UserFacingException ? e.getMessage()
        : "Something went wrong: " + (e.getMessage() == null ? e.toString() : e.getMessage());
    status.set(message);
    dialogs.showError(message);
  }

  /** The lowest "Untitled N" no open document shows, so the first untitled tab is "Untitled 1". */
  private String nextUntitled() {
    for (int n = 1; ; n++) {
      String name = "Untitled " + n;
      if (sessions.stream().noneMatch(x -> x.document().displayName().equals(name))) {
        return name;
      }
    }
  }
}
