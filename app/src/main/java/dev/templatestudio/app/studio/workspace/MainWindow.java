package dev.templatestudio.app.studio.workspace;

import dev.templatestudio.app.studio.common.StudioDialogs;
import dev.templatestudio.app.studio.document.StepKind;
import dev.templatestudio.app.studio.machines.MachinesViewModel;
import dev.templatestudio.app.studio.palette.PaletteView;
import dev.templatestudio.app.studio.runtimes.MachineCheckViewModel;
import dev.templatestudio.app.studio.runtimes.RuntimeViewModel;
import dev.templatestudio.app.studio.runtimes.StoreViewModel;
import dev.templatestudio.app.studio.settings.StudioPreferences;
import java.io.File;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import dev.templatestudio.app.studio.common.RuntimeSource;
import javafx.application.Platform;
import javafx.beans.binding.BooleanExpression;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ChangeListener;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Orientation;
import javafx.scene.Scene;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.DragEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The main window's content: menu bar and toolbar, the palette, one tab per document (or the
 * empty state), the status bar; files dropped anywhere open or import. FX thread.
 */
public final class MainWindow {
  private static final KeyCombination UNDO = KeyCombination.keyCombination("Shortcut+Z");
  private static final KeyCombination REDO = KeyCombination.keyCombination("Shortcut+Shift+Z");

  /** On the window's root while files from another application hover over the window. */
  static final PseudoClass FILE_HOVER = PseudoClass.getPseudoClass("file-hover");

  private final WorkspaceViewModel vm;
  private final StudioDialogs dialogs;
  private final StudioPreferences prefs;
  private final LongSupplier clock;
  private final TabPane tabs = new TabPane();
  private final Map<EditorSession, EditorView> editors = new HashMap<>();
  private final BooleanProperty dark = new SimpleBooleanProperty(this, "dark");
  private final BorderPane root = new BorderPane();
  private final Scene scene;
  private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "Template Studio");
  /** The documents above, the machines panel below while it is on show. */
  private final SplitPane work;
  private final MainMenus menus;
  private final MainToolBar toolBar;
  private MachinesDock machinesDock;
  private PushDock pushDock;
  private boolean syncingTabs;

  public MainWindow(WorkspaceViewModel vm, RuntimeViewModel runtimes, StoreViewModel store,
      MachineCheckViewModel machineCheck, StudioDialogs dialogs, StudioPreferences prefs, LongSupplier clock,
      Runnable quit) {
    this.vm = vm;
    this.dialogs = dialogs;
    this.prefs = prefs;
    this.clock = clock;
    tabs.setId("documents");
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.ALL_TABS);
    EmptyStateView empty = new EmptyStateView(vm, prefs::recentFiles);
    empty.node().visibleProperty().bind(Bindings.isEmpty(vm.sessions()));
    tabs.visibleProperty().bind(Bindings.isNotEmpty(vm.sessions()));
    StackPane center = new StackPane(tabs, empty.node());
    PaletteView palette = new PaletteView(this::append);
    menus = new MainMenus(this, vm, runtimes, store, machineCheck, prefs, quit);
    toolBar = new MainToolBar(this, vm, runtimes);
    root.setTop(new VBox(menus.menuBar(), toolBar.node()));
    work = new SplitPane(center);
    work.setOrientation(Orientation.VERTICAL);
    SplitPane body = new SplitPane(palette.node(), work);
    body.setDividerPositions(0.13);
    SplitPane.setResizableWithParent(palette.node(), false);
    root.setCenter(body);
    root.setBottom(new StatusBar(vm, runtimes).node());
    root.getStyleClass().add("studio");
    scene = new Scene(root, 1400, 900);
    scene.getStylesheets().add(css("studio.css"));
    dark.addListener((o, a, on) -> applyTheme(on));
    dark.set(prefs.darkTheme());
    applyTheme(dark.get());
    wireDocuments();
    wireDrop();
    scene.addEventFilter(KeyEvent.KEY_PRESSED, this::undoKeys);
  }

  public Scene scene() {
    return scene;
  }

  /** Whether the dark theme is on; remembered. */
  public BooleanProperty darkProperty() {
    return dark;
  }

  /** The window title: the document in front with its dirty mark. */
  public ReadOnlyStringProperty titleProperty() {
    return title.getReadOnlyProperty();
  }

  /**
   * Adds the machines the studio holds: the Machines and Pools panel below the documents, Start
   * Machine in the toolbar, the menus and beside each build's ref. Call once, before documents
   * open (the editors, which the first frame goes without, are made after it).
   */
  public void installMachines(MachinesViewModel machines) {
    machinesDock = new MachinesDock(vm, machines, work);
    menus.addMachineItems(machinesDock.buildItems(), machinesDock.viewItem());
    toolBar.addAfterBuild(machinesDock.toolbarItems());
  }

  /**
   * Adds Push… to the Build menu and beside each build's ref; on when {@code embedded} (a push
   * reads the embedded runtime's store, which {@code runtimes} opens). Call once, before documents open.
   */
  public void installPush(RuntimeSource runtimes, BooleanExpression embedded) {
    pushDock = new PushDock(vm, runtimes, embedded, Platform::runLater, () -> scene.getWindow());
    menus.addBuildItems(pushDock.buildItem());
  }

  /** Starts a machine from the last ready build of the document in front (Start Machine). */
  public void startMachine() {
    if (machinesDock != null) {
      machinesDock.startMachine();
    }
  }

  /** The editor of the document in front; null when none. */
  public EditorView currentEditor() {
    return vm.current() == null ? null : editors.get(vm.current());
  }

  /** Adds a step of {@code kind} to the document in front (a new one if none is open). */
  public void append(StepKind kind) {
    EditorSession s = vm.current() != null ? vm.current() : vm.newScratch();
    s.pipeline().append(kind);
  }

  /** Builds the document in front. */
  public void build() {
    if (vm.current() != null) {
      vm.current().build();
    }
  }

  /** Cancels the build of the document in front, or the running build if that one has none. */
  public void cancel() {
    EditorSession s = runningSession();
    if (s != null) {
      s.builds().cancel();
    }
  }

  private EditorSession runningSession() {
    if (vm.current() != null && vm.current().builds().isRunning()) {
      return vm.current();
    }
    return vm.sessions().stream().filter(x -> x.builds().isRunning()).findFirst().orElse(null);
  }

  /** Saves the split-pane layout of the document in front. */
  public void rememberLayout() {
    EditorView e = currentEditor();
    if (e != null) {
      SplitPane[] panes = e.splitPanes();
      for (int i = 0; i < panes.length; i++) {
        prefs.setDividers("editor" + i, panes[i].getDividerPositions());
      }
    }
  }

  /** Stops every editor's timers; the window is going away. */
  public void dispose() {
    editors.values().forEach(EditorView::dispose);
  }

  private void updateTitle() {
    EditorSession s = vm.current();
    title.set(s == null ? "Template Studio" : s.document().titleProperty().get() + " \u2014 Template Studio");
  }

  private void wireDocuments() {
    ChangeListener<String> docTitle = (o, a, t) -> updateTitle();
    vm.currentProperty().addListener((o, old, s) -> {
      if (old != null) {
        old.document().titleProperty().removeListener(docTitle);
      }
      if (s != null) {
        s.document().titleProperty().addListener(docTitle);
      }
      updateTitle();
    });
    vm.sessions().addListener((ListChangeListener<EditorSession>) c -> {
      while (c.next()) {
        c.getRemoved().forEach(this::removeTab);
        c.getAddedSubList().forEach(this::addTab);
      }
    });
    vm.currentProperty().addListener((o, a, s) -> {
      if (syncingTabs || s == null) {
        return;
      }
      tabs.getTabs().stream().filter(t -> t.getUserData() == s).findFirst()
          .ifPresent(t -> tabs.getSelectionModel().select(t));
    });
    tabs.getSelectionModel().selectedItemProperty().addListener((o, a, t) -> {
      if (t != null && !syncingTabs) {
        vm.currentProperty().set((EditorSession) t.getUserData());
      }
    });
  }

  private void addTab(EditorSession s) {
    EditorView editor = new EditorView(s, vm, dialogs, clock);
    SplitPane[] panes = editor.splitPanes();
    double[][] defaults = {{0.52}, {0.55}, {0.42}};
    for (int i = 0; i < panes.length; i++) {
      panes[i].setDividerPositions(prefs.dividers("editor" + i, defaults[i]));
    }
    editors.put(s, editor);
    if (machinesDock != null) {
      machinesDock.decorate(editor);
    }
    if (pushDock != null) {
      pushDock.decorate(editor);
    }
    Tab tab = new Tab();
    tab.textProperty().bind(s.document().titleProperty());
    tab.setContent(editor.node());
    tab.setUserData(s);
    tab.setOnCloseRequest(e -> {
      e.consume();
      vm.close(s, () -> { });
    });
    tabs.getTabs().add(tab);
    tabs.getSelectionModel().select(tab);
  }

  private void removeTab(EditorSession s) {
    EditorView editor = editors.remove(s);
    if (editor != null) {
      editor.dispose();
    }
    syncingTabs = true;
    try {
      tabs.getTabs().removeIf(t -> t.getUserData() == s);
    } finally {
      syncingTabs = false;
    }
    if (vm.current() != null) {
      tabs.getTabs().stream().filter(t -> t.getUserData() == vm.current()).findFirst()
          .ifPresent(t -> tabs.getSelectionModel().select(t));
    }
  }

  private void wireDrop() {
    // Files from another application may land anywhere: the whole window is marked as the
    // target while they hover, so the person sees the drop will be taken.
    scene.addEventFilter(DragEvent.DRAG_OVER, e -> root.pseudoClassStateChanged(FILE_HOVER, isFileDrag(e)));
    root.addEventHandler(DragEvent.DRAG_EXITED, e -> root.pseudoClassStateChanged(FILE_HOVER, false));
    scene.setOnDragOver(e -> {
      if (isFileDrag(e)) {
        e.acceptTransferModes(TransferMode.COPY);
        e.consume();
      }
    });
    scene.setOnDragDropped(e -> {
      root.pseudoClassStateChanged(FILE_HOVER, false);
      boolean ok = isFileDrag(e);
      if (ok) {
        List<File> files = e.getDragboard().getFiles();
        vm.drop(files.stream().map(File::toPath).toList());
      }
      e.setDropCompleted(ok);
      e.consume();
    });
  }

  private static boolean isFileDrag(DragEvent e) {
    return e.getDragboard().hasFiles() && e.getGestureSource() == null;
  }

  /** Whether {@code e}, an Esc, closes the front document's find instead (see BuildView#findTakesEscape). */
  private boolean findTakesEscape(KeyEvent e) {
    EditorView editor = currentEditor();
    return editor != null && editor.build().findTakesEscape(e.getTarget());
  }

  /** Undo and redo act on the document even while a text field has the focus. */
  private void undoKeys(KeyEvent e) {
    // Esc cancels a running build wherever the focus is: a list or a field would take it first.
    // Only an open find in the build log, with the focus in it or the log, closes first.
    if (e.getCode() == KeyCode.ESCAPE && !e.isShortcutDown() && !e.isAltDown() && !e.isShiftDown()
        && runningSession() != null && !findTakesEscape(e)) {
      cancel();
      e.consume();
      return;
    }
    EditorSession s = vm.current();
    if (s == null) {
      return;
    }
    if (REDO.match(e) || (e.isShortcutDown() && e.getCode() == KeyCode.Y)) {
      s.document().redo();
      e.consume();
    } else if (UNDO.match(e)) {
      s.document().undo();
      e.consume();
    }
  }

  private void applyTheme(boolean on) {
    String darkCss = css("studio-dark.css");
    scene.getStylesheets().remove(darkCss);
    if (on) {
      scene.getStylesheets().add(darkCss);
    }
    prefs.setDarkTheme(on);
  }

  private static String css(String name) {
    return MainWindow.class.getResource("/dev/templatestudio/app/studio/" + name).toExternalForm();
  }
}
