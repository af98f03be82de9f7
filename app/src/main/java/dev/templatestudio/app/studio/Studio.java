package dev.templatestudio.app.studio;

import dev.templatestudio.app.doctor.MachineNeeds;
import dev.templatestudio.app.studio.build.BuildViewModel;
import dev.templatestudio.app.studio.common.CachePredictions;
import dev.templatestudio.app.studio.common.Icons;
import dev.templatestudio.app.studio.common.RuntimeSource;
import dev.templatestudio.app.studio.common.StudioDialogs;
import dev.templatestudio.app.studio.common.TaskRunner;
import dev.templatestudio.app.studio.logview.LogThreads;
import dev.templatestudio.app.studio.logview.LogView;
import dev.templatestudio.app.studio.machines.MachineHolder;
import dev.templatestudio.app.studio.machines.MachinesViewModel;
import dev.templatestudio.app.studio.runtimes.MachineCheckViewModel;
import dev.templatestudio.app.studio.runtimes.RuntimeViewModel;
import dev.templatestudio.app.studio.runtimes.StoreViewModel;
import dev.templatestudio.app.studio.settings.Autosave;
import dev.templatestudio.app.studio.settings.Recovery;
import dev.templatestudio.app.studio.settings.StudioPreferences;
import dev.templatestudio.app.studio.workspace.EditorSession;
import dev.templatestudio.app.studio.workspace.EditorWarmUp;
import dev.templatestudio.app.studio.workspace.MainWindow;
import dev.templatestudio.app.studio.workspace.WorkspaceViewModel;
import dev.templatestudio.bridge.build.FileHashCache;
import dev.templatestudio.bridge.build.HashReuse;
import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.history.BuildLogArchive;
import dev.templatestudio.bridge.host.HostFacts;
import dev.templatestudio.bridge.template.Template;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import dev.templatestudio.app.studio.runtimes.RuntimeChoice;
import javafx.beans.binding.Bindings;
import javafx.animation.AnimationTimer;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.util.Duration;

/**
 * The studio in one stage: wires the services into the workspace and the main window, restores
 * the window's layout and any autosaved work, autosaves unsaved documents, and asks before
 * closing unsaved work. The application and the GUI tests both start it here. FX thread.
 */
public final class Studio {
  static final Duration AUTOSAVE_EVERY = Duration.seconds(20);
  /** Builds kept per template in the history. */
  static final int HISTORY_KEPT = 30;
  /** Context files whose hashes the predictions keep, over all documents. */
  static final int HASHES_KEPT = 200_000;

  /**
   * What the studio runs with.
   *
   * @param runtime    the runtime for builds; null for the one chosen in the toolbar
   * @param logThreads the threads every build log reads and searches on; whoever made them
   *                   closes them after the studio
   * @param onExit     runs after the window closed cleanly
   */
  public record Services(TaskRunner tasks, Function<Stage, StudioDialogs> dialogs, RuntimeSource runtime,
      StudioPreferences prefs, Autosave autosave, Path store, LongSupplier clock, LogThreads logThreads,
      Runnable onExit) {}

  private final Stage stage;
  private final Services services;
  private final StudioDialogs dialogs;
  private final WorkspaceViewModel workspace;
  private final RuntimeViewModel runtimes;
  private final MainWindow window;
  private final Timeline autosaveTimer;
  private final Supplier<BuildViewModel> builds;
  /** The machines this studio holds: they end when it quits. */
  private final MachineHolder machineHolder = new MachineHolder();
  private final MachinesViewModel machines;
  /** Run once the throwaway editor has warmed up (the start bench closes the studio then); null after. */
  private List<Runnable> afterWarmUp = new ArrayList<>();
  private boolean disposed;

  private Studio(Stage stage, Services services) {
    this.stage = stage;
    this.services = services;
    StudioPreferences prefs = services.prefs();
    dialogs = services.dialogs().apply(stage);
    runtimes = new RuntimeViewModel(prefs.runtime(), services.store(), prefs::setRuntime);
    RuntimeSource source = services.runtime() != null ? services.runtime() : runtimes.source();
    BuildLogArchive history = new BuildLogArchive(services.store().resolve("build-logs"), HISTORY_KEPT);
    builds = () -> new BuildViewModel(source, () -> runtimes.choiceProperty().get().label(), services.tasks(),
        services.clock(), LogView.MAX_LINES, services.logThreads());
    workspace = new WorkspaceViewModel(services.tasks(), dialogs, builds, history);
    FileHashCache hashes = new FileHashCache(HASHES_KEPT);
    CachePredictions predictions = services.runtime() != null ? predictingOn(services.runtime(), hashes)
        : runtimes.predictions(hashes);
    machines = new MachinesViewModel(machineHolder, services.tasks(),
        () -> new MachinesViewModel.Target(runtimes.choiceProperty().get().label(), source), services.clock(),
        Platform::runLater);
    workspace.sessions().addListener((ListChangeListener<EditorSession>) c -> {
      while (c.next()) {
        c.getRemoved().forEach(EditorSession::close);
        // Start Machine starts a ref on the runtime that built it.
        c.getAddedSubList().forEach(added -> added.builds().lastRefProperty().addListener((o, was, ref) ->
            machines.noteBuilt(ref, runtimes.choiceProperty().get().label())));
        // Later, not between the session's arrival and its becoming the current one.
        c.getAddedSubList().forEach(added -> Platform.runLater(() -> added.predictWith(predictions)));
      }
    });
    // Another runtime predicts otherwise, or not at all (remote, docker: no predicted badges).
    runtimes.choiceProperty().addListener((o, was, now) ->
        workspace.sessions().forEach(s -> s.predictions().request()));
    workspace.onFileUsed(prefs::addRecentFile);
    prefs.recentFiles().stream().findFirst().map(p -> p.toAbsolutePath().getParent()).ifPresent(workspace::useFolder);
    StartupTiming.mark("models");
    MachineCheckViewModel machineCheck = new MachineCheckViewModel(services.tasks(),
        () -> MachineNeeds.check(HostFacts.local()));
    window = new MainWindow(workspace, runtimes, new StoreViewModel(services.store(), services.tasks()), machineCheck,
        dialogs, prefs, services.clock(), this::requestClose);
    window.installMachines(machines);
    window.installPush(source, Bindings.createBooleanBinding(
        () -> runtimes.choiceProperty().get().kind() == RuntimeChoice.Kind.EMBEDDED, runtimes.choiceProperty()));
    StartupTiming.mark("window");
    stage.setScene(window.scene());
    stage.titleProperty().bind(window.titleProperty());
    double[] b = prefs.windowBounds();
    // The window fits the screen it opens on: a 1400x900 scene on a 1280x800 screen would put
    // the menus and the Build button off screen, and a window remembered from a larger screen too.
    Rectangle2D screen = Screen.getPrimary().getVisualBounds();
    double w = Math.min(b != null ? b[2] : window.scene().getWidth(), screen.getWidth());
    double h = Math.min(b != null ? b[3] : window.scene().getHeight(), screen.getHeight());
    stage.setWidth(w);
    stage.setHeight(h);
    if (b != null) {
      stage.setX(Math.max(screen.getMinX(), Math.min(b[0], screen.getMaxX() - w)));
      stage.setY(Math.max(screen.getMinY(), Math.min(b[1], screen.getMaxY() - h)));
    } else {
      stage.setX(screen.getMinX() + (screen.getWidth() - w) / 2);
      stage.setY(screen.getMinY() + (screen.getHeight() - h) / 2);
    }
    stage.setMaximized(prefs.maximized());
    stage.setOnCloseRequest(e -> {
      e.consume();
      requestClose();
    });
    autosaveTimer = new Timeline(new KeyFrame(AUTOSAVE_EVERY, e -> autosave()));
    autosaveTimer.setCycleCount(Timeline.INDEFINITE);
  }

  /** Predictions on the runtimes {@code source} opens (the tests' own), one opened per prediction. */
  private static CachePredictions predictingOn(RuntimeSource source, FileHashCache hashes) {
    return (request, stale) -> {
      try (Runtime runtime = source.open()) {
        return runtime.predict(request, new HashReuse(hashes, stale));
      }
    };
  }

  /** Builds the studio in {@code stage}, shows it, and opens {@code file} (template or Dockerfile) if given. */
  public static Studio open(Stage stage, Services services, Path file) {
    Studio s = new Studio(stage, services);
    StartupTiming.mark("built");
    StartupTiming.watchFirstFrame(stage.getScene(), s::whenWarm, s::requestClose, s.workspace::newScratch);
    stage.show();
    StartupTiming.mark("shown");
    // Drawn by a snapshot, which waits for the render thread: after the window's first frame,
    // not before it. The window manager shows the icon a frame later.
    Platform.runLater(() -> stage.getIcons().add(Icons.appImage(64)));
    s.warmUpAfterFirstFrames();
    s.autosaveTimer.play();
    if (file != null) {
      s.workspace.drop(List.of(file));
    }
    return s;
  }

  /**
   * Warms the editor up ({@link EditorWarmUp}) once the window has shown its first frames: an
   * animation timer runs at each frame, and by its third the first has been painted.
   */
  private void warmUpAfterFirstFrames() {
    new AnimationTimer() {
      private int frames;

      @Override
      public void handle(long now) {
        if (++frames == 3) {
          stop();
          Platform.runLater(Studio.this::warmUp);
        }
      }
    }.start();
  }

  private void warmUp() {
    if (disposed) {
      return;
    }
    // Reading the autosaves (JSON) in the background also waits for the first frame: on two
    // busy cores it took CPU from it.
    offerRecovery();
    if (workspace.sessions().isEmpty()) {
      EditorWarmUp.run(window, workspace, builds, services.tasks(), dialogs, services.clock());
    }
    List<Runnable> waiting = afterWarmUp;
    afterWarmUp = null;
    waiting.forEach(Runnable::run);
  }

  /** Runs {@code r} once the editor has warmed up (at once if it has). */
  void whenWarm(Runnable r) {
    if (afterWarmUp == null) {
      r.run();
    } else {
      afterWarmUp.add(r);
    }
  }

  public WorkspaceViewModel workspace() {
    return workspace;
  }

  public MainWindow window() {
    return window;
  }

  public RuntimeViewModel runtimes() {
    return runtimes;
  }

  /** The machines and warm pools this studio holds. */
  public MachinesViewModel machines() {
    return machines;
  }

  /**
   * Asks once whether to stop the machines and pools this studio holds, then closes every
   * document (asking about unsaved ones), then the window.
   */
  public void requestClose() {
    String held = machines.held();
    if (!held.isEmpty() && !dialogs.confirmStopMachines(held)) {
      return;
    }
    workspace.closeAll(() -> {
      rememberWindow();
      stopViews();
      // The window goes once the machines and the autosaves have: an exit cut short before
      // would leave a remote serve's machines running, and look like a crash.
      services.tasks().run(() -> {
        machineHolder.close();
        services.autosave().close();
        return true;
      }, x -> exit(), x -> exit());
    });
  }

  private void exit() {
    stage.close();
    services.onExit().run();
  }

  /**
   * Stops the studio's timers and its editors' frame pumps, and ends the machines it holds,
   * without asking anything (tests, shutdown). Blocks until the machines have ended.
   */
  public void dispose() {
    stopViews();
    machineHolder.close();
  }

  private void stopViews() {
    disposed = true;
    machines.close();
    autosaveTimer.stop();
    workspace.sessions().forEach(EditorSession::close);
    window.dispose();
  }

  /** Writes the unsaved documents to the autosave folder now (in the background). */
  public void autosave() {
    autosaveThen(() -> { });
  }

  /** Autosaves the unsaved documents, then runs {@code next} in the background if that worked. */
  private void autosaveThen(Runnable next) {
    Map<String, Template> dirty = new LinkedHashMap<>();
    for (EditorSession s : workspace.sessions()) {
      if (s.document().isDirty()) {
        // Names are the autosave's keys: two tabs of one name (two studios' recovered
        // "Untitled 1", say) must not overwrite each other.
        String name = s.document().displayName();
        for (int n = 2; dirty.containsKey(name); n++) {
          name = s.document().displayName() + " (" + n + ")";
        }
        dirty.put(name, s.document().template());
      }
    }
    services.tasks().run(() -> {
      services.autosave().save(dirty);
      next.run();
      return dirty.size();
    }, n -> { }, e -> { });
  }

  /**
   * Offers back the autosaves of studios on this data folder that stopped without a clean exit
   * (never those of one still running), then deletes them, restored or not.
   */
  private void offerRecovery() {
    services.tasks().run(services.autosave()::recover, found -> {
      List<Recovery.Document> documents = found.documents();
      if (!documents.isEmpty() && dialogs.confirmRestore(documents.size())) {
        for (Recovery.Document d : documents) {
          workspace.newWith(d.template(), d.name() + " (recovered)");
        }
      }
      // Restored work is in this studio's own autosave before the old copies go.
      autosaveThen(found::discard);
    }, e -> { });
  }

  private void rememberWindow() {
    StudioPreferences prefs = services.prefs();
    prefs.setMaximized(stage.isMaximized());
    if (!stage.isMaximized()) {
      prefs.setWindowBounds(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight());
    }
    window.rememberLayout();
    prefs.flush();
  }
}
