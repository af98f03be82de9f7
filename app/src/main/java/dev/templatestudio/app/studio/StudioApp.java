package dev.templatestudio.app.studio;

import dev.templatestudio.app.studio.common.FxTaskRunner;
import dev.templatestudio.app.studio.logview.LogThreads;
import dev.templatestudio.app.studio.runtimes.RuntimeFactory;
import dev.templatestudio.app.studio.settings.Autosave;
import dev.templatestudio.app.studio.settings.StudioPreferences;
import dev.templatestudio.app.studio.workspace.FxStudioDialogs;
import java.nio.file.Path;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * The JavaFX application: one studio window with the real services. {@link StartupTiming}
 * times its start.
 */
public final class StudioApp extends Application {
  private final FxTaskRunner tasks = new FxTaskRunner();
  private final LogThreads logThreads = LogThreads.start();

  @Override
  public void start(Stage stage) {
    StartupTiming.mark("fx-start");
    Path store = RuntimeFactory.defaultStore();
    Studio.Services services = new Studio.Services(tasks, FxStudioDialogs::new, null, StudioPreferences.user(),
        Autosave.inStore(store), store, System::currentTimeMillis, logThreads, Platform::exit);
    StartupTiming.mark("services");
    Studio.open(stage, services, StudioLauncher.initialFile());
  }

  @Override
  public void stop() {
    tasks.close();
    logThreads.close();
  }
}
