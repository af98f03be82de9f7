package dev.templatestudio.app.studio;

import dev.templatestudio.app.studio.common.FxTaskRunner;
import dev.templatestudio.app.studio.logview.LogThreads;
import dev.templatestudio.app.studio.runtimes.RuntimeFactory;
import dev.templatestudio.app.studio.settings.Autosave;
import dev.templatestudio.app.studio.settings.StudioPreferences;
import dev.templatestudio.app.studio.workspace.FxStudioDialogs;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;

/**
 * The JavaFX application: one studio window with the real services. Set
 * {@code -Dtemplatestudio.timing=true} to print how long after JVM start the window showed.
 */
public final class StudioApp extends Application {
  private final FxTaskRunner tasks = new FxTaskRunner();
  private final LogThreads logThreads = LogThreads.start();

  @Override
  public void start(Stage stage) {
    if (Boolean.getBoolean("templatestudio.timing")) {
      stage.addEventHandler(WindowEvent.WINDOW_SHOWN, e -> System.err.println("template-studio: window shown "
          + (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime())
          + " ms after JVM start, " + cpuMillis() + " ms of CPU"));
    }
    Path store = RuntimeFactory.defaultStore();
    Studio.Services services = new Studio.Services(tasks, FxStudioDialogs::new, null, StudioPreferences.user(),
        Autosave.inStore(store), store, System::currentTimeMillis, logThreads, Platform::exit);
    Studio.open(stage, services, StudioLauncher.initialFile());
  }

  private static long cpuMillis() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() / 1_000_000 : -1;
  }

  @Override
  public void stop() {
    tasks.close();
    logThreads.close();
  }
}
