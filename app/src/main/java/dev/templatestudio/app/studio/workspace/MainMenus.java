package dev.templatestudio.app.studio.workspace;

import dev.templatestudio.app.studio.common.Icons;
import dev.templatestudio.app.studio.document.StepKind;
import dev.templatestudio.app.studio.preview.PreviewFormat;
import dev.templatestudio.app.studio.runtimes.DockerEngineViewModel;
import dev.templatestudio.app.studio.runtimes.DockerRuntimeDialog;
import dev.templatestudio.app.studio.runtimes.MachineCheckDialog;
import dev.templatestudio.app.studio.runtimes.MachineCheckViewModel;
import dev.templatestudio.app.studio.runtimes.PruneDialog;
import dev.templatestudio.app.studio.runtimes.RemoteRuntimeDialog;
import dev.templatestudio.app.studio.runtimes.RuntimeChoice;
import dev.templatestudio.app.studio.runtimes.RuntimeViewModel;
import dev.templatestudio.app.studio.runtimes.StoreViewModel;
import dev.templatestudio.app.studio.settings.StudioPreferences;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.scene.control.Alert;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCombination;

/** The menu bar with every command and its accelerator. FX thread. */
final class MainMenus {
  private final MainWindow window;
  private final WorkspaceViewModel vm;
  private final MenuBar bar;
  private final Menu view;
  private final Menu build;

  MainMenus(MainWindow window, WorkspaceViewModel vm, RuntimeViewModel runtimes, StoreViewModel store,
      MachineCheckViewModel machineCheck,
      StudioPreferences prefs, Runnable quit) {
    this.window = window;
    this.vm = vm;
    Menu recent = new Menu("Open Recent");
    recent.setOnShowing(e -> {
      recent.getItems().clear();
      for (Path p : prefs.recentFiles()) {
        MenuItem i = new MenuItem(p.toString());
        i.setOnAction(x -> vm.open(p));
        recent.getItems().add(i);
      }
      if (recent.getItems().isEmpty()) {
        MenuItem none = new MenuItem("(none yet)");
        none.setDisable(true);
        recent.getItems().add(none);
      }
    });
    recent.getItems().add(new MenuItem("(none yet)"));
    Menu file = new Menu("File", null,
        item("New", "Shortcut+N", "menu-new", vm::newScratch),
        item("New from the Python Example", null, "menu-new-example", vm::newFromExample),
        item("Open\u2026", "Shortcut+O", "menu-open", vm::openChosen),
        recent,
        item("Import Dockerfile\u2026", "Shortcut+I", "menu-import", vm::importChosen),
        new SeparatorMenuItem(),
        onDoc("Save", "Shortcut+S", "menu-save", s -> vm.save(s, () -> { })),
        onDoc("Save As\u2026", "Shortcut+Shift+S", "menu-save-as", s -> vm.saveAs(s, () -> { })),
        onDoc("Close", "Shortcut+W", "menu-close", s -> vm.close(s, () -> { })),
        new SeparatorMenuItem(),
        item("Quit", "Shortcut+Q", "menu-quit", quit));
    Menu add = new Menu("Add");
    for (StepKind k : StepKind.values()) {
      MenuItem i = new MenuItem(k.label(), Icons.node(k.icon(), 14));
      i.setOnAction(e -> window.append(k));
      add.getItems().add(i);
    }
    Menu edit = new Menu("Edit", null,
        onDoc("Undo", "Shortcut+Z", "menu-undo", s -> s.document().undo()),
        onDoc("Redo", "Shortcut+Shift+Z", "menu-redo", s -> s.document().redo()),
        new SeparatorMenuItem(),
        add,
        onDoc("Delete Step", "Delete", "menu-delete", s -> unlessTyping(() -> s.pipeline().deleteSelected())),
        onDoc("Duplicate Step", "Shortcut+D", "menu-duplicate", s -> unlessTyping(() -> s.pipeline().duplicateSelected())),
        onDoc("Move Step Up", "Alt+Up", "menu-move-up", s -> unlessTyping(() -> s.pipeline().moveSelected(-1))),
        onDoc("Move Step Down", "Alt+Down", "menu-move-down", s -> unlessTyping(() -> s.pipeline().moveSelected(+1))));
    CheckMenuItem dark = new CheckMenuItem("Dark Theme");
    dark.setId("menu-dark");
    dark.selectedProperty().bindBidirectional(window.darkProperty());
    Menu preview = new Menu("Preview As");
    for (PreviewFormat f : new PreviewFormat[] {PreviewFormat.DOCKERFILE, PreviewFormat.JSON, PreviewFormat.PYTHON}) {
      preview.getItems().add(onDoc(f.label(), null, "menu-preview-" + f.name().toLowerCase(),
          s -> s.preview().formatProperty().set(f)));
    }
    view = new Menu("View", null, dark, preview,
        item("Find in Log", "Shortcut+F", "menu-find", () -> {
          if (window.currentEditor() != null) {
            window.currentEditor().findInLog();
          }
        }));
    build = new Menu("Build", null,
        onDoc("Build", "Shortcut+B", "menu-build", s -> window.build()),
        onDoc("Cancel Build", "Esc", "menu-cancel", s -> window.cancel()));
    bar = new MenuBar(file, edit, view, build, runtimeMenu(runtimes, store, machineCheck), help());
    bar.setId("menubar");
  }

  MenuBar menuBar() {
    return bar;
  }

  /** Adds the machine commands: {@code buildItems} at the end of Build, {@code viewItem} to View. */
  void addMachineItems(MenuItem[] buildItems, MenuItem viewItem) {
    build.getItems().add(new SeparatorMenuItem());
    build.getItems().addAll(buildItems);
    view.getItems().add(viewItem);
  }

  /** Adds {@code items} at the end of the Build menu. */
  void addBuildItems(MenuItem... items) {
    build.getItems().addAll(items);
  }

  /** Step keys act on the pipeline, not while the person types in a field (Delete deletes a character there). */
  private void unlessTyping(Runnable action) {
    if (!(bar.getScene() != null && bar.getScene().getFocusOwner() instanceof TextInputControl)) {
      action.run();
    }
  }

  private Menu runtimeMenu(RuntimeViewModel runtimes, StoreViewModel store, MachineCheckViewModel machineCheck) {
    ToggleGroup group = new ToggleGroup();
    RadioMenuItem embedded = new RadioMenuItem("Embedded");
    RadioMenuItem remote = new RadioMenuItem("Remote\u2026");
    RadioMenuItem docker = new RadioMenuItem("Docker\u2026");
    docker.setId("menu-runtime-docker");
    for (RadioMenuItem i : new RadioMenuItem[] {embedded, remote, docker}) {
      i.setToggleGroup(group);
    }
    Runnable sync = () -> {
      RuntimeChoice.Kind k = runtimes.choiceProperty().get().kind();
      embedded.setSelected(k == RuntimeChoice.Kind.EMBEDDED);
      remote.setSelected(k == RuntimeChoice.Kind.REMOTE);
      docker.setSelected(k == RuntimeChoice.Kind.DOCKER);
    };
    sync.run();
    runtimes.choiceProperty().addListener((o, a, c) -> sync.run());
    embedded.setOnAction(e -> runtimes.choiceProperty().set(RuntimeChoice.EMBEDDED));
    remote.setOnAction(e -> {
      RemoteRuntimeDialog.ask(bar.getScene().getWindow(), runtimes.remoteToOffer(), runtimes.localServeToken())
          .ifPresent(r -> runtimes.choiceProperty().set(r));
      sync.run();
    });
    docker.setOnAction(e -> {
      DockerRuntimeDialog.ask(bar.getScene().getWindow(),
          new DockerEngineViewModel(runtimes.dockerToOffer(), runtimes.localDockerEngine()))
          .ifPresent(r -> runtimes.choiceProperty().set(r));
      sync.run();
    });
    // The embedded runtime's store, whichever runtime builds: measured each time the menu opens.
    MenuItem size = new MenuItem();
    size.setId("menu-store-size");
    size.setDisable(true);
    size.textProperty().bind(store.sizeTextProperty());
    MenuItem prune = item("Prune Store\u2026", null, "menu-prune", () -> PruneDialog.show(bar.getScene().getWindow(), store));
    MenuItem check = item("Check This Machine\u2026", null, "menu-check-machine",
        () -> MachineCheckDialog.show(bar.getScene().getWindow(), machineCheck));
    Menu menu = new Menu("Runtime", null, embedded, remote, docker, new SeparatorMenuItem(), size, prune,
        new SeparatorMenuItem(), check);
    menu.setOnShowing(e -> store.measure());
    return menu;
  }

  private Menu help() {
    MenuItem keys = new MenuItem("Keyboard Shortcuts");
    keys.setId("menu-shortcuts");
    keys.setOnAction(e -> ShortcutsTable.show(bar.getScene().getWindow(), ShortcutsTable.rows(bar)));
    MenuItem about = new MenuItem("About Template Studio");
    about.setOnAction(e -> info("About", "Template Studio " + dev.templatestudio.app.version.Version.get()
        + "\nCompose, import, preview and build sandbox machine templates."));
    return new Menu("Help", null, keys, about);
  }

  private void info(String title, String text) {
    Alert a = new Alert(Alert.AlertType.INFORMATION, text);
    a.initOwner(bar.getScene().getWindow());
    a.setTitle(title);
    a.setHeaderText(title);
    a.show();
  }

  private static MenuItem item(String text, String accelerator, String id, Runnable action) {
    MenuItem i = new MenuItem(text);
    i.setId(id);
    if (accelerator != null) {
      i.setAccelerator(KeyCombination.keyCombination(accelerator));
    }
    i.setOnAction(e -> action.run());
    return i;
  }

  private MenuItem onDoc(String text, String accelerator, String id, Consumer<EditorSession> action) {
    MenuItem i = item(text, accelerator, id, () -> {
      if (vm.current() != null) {
        action.accept(vm.current());
      }
    });
    i.disableProperty().bind(vm.currentProperty().isNull());
    return i;
  }
}
