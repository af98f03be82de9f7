package dev.templatestudio.app.studio;

import com.sun.javafx.perf.PerformanceTracker;
import dev.templatestudio.app.studio.common.FxTaskRunner;
import dev.templatestudio.app.studio.logview.LogThreads;
import dev.templatestudio.app.studio.settings.Autosave;
import dev.templatestudio.app.studio.settings.StudioPreferences;
import dev.templatestudio.app.studio.workspace.FxStudioDialogs;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.prefs.Preferences;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * Run in a JVM of its own by {@link FirstFrameClassesTest}: opens the studio as the application
 * does (real services, a home in {@code args[0]}) and, once the first frame of its window has
 * been painted, prints {@code LOADED name} or {@code NOT-LOADED name} for each class named in
 * the other arguments, then {@code FIRST-FRAME}; once the studio has warmed its editor up, with
 * no user action, the same list again and {@code WARM}, and halts.
 */
public final class FirstFrameProbe {
  private FirstFrameProbe() {}

  public static void main(String[] args) throws Exception {
    Path home = Path.of(args[0]);
    ClassLoader loader = FirstFrameProbe.class.getClassLoader();
    Method loaded = ClassLoader.class.getDeclaredMethod("findLoadedClass", String.class);
    loaded.setAccessible(true);
    Preferences node = Preferences.userRoot().node("dev/templatestudio/test/" + UUID.randomUUID());
    Platform.startup(() -> {
      Stage stage = new Stage();
      Studio.Services services = new Studio.Services(new FxTaskRunner(), FxStudioDialogs::new, null,
          new StudioPreferences(node), Autosave.inStore(home), home.resolve("store"), System::currentTimeMillis,
          LogThreads.start(), () -> { });
      Studio studio = Studio.open(stage, services, null);
      AtomicBoolean seen = new AtomicBoolean();
      PerformanceTracker.getSceneTracker(stage.getScene()).setOnRenderedFrameTask(() -> {
        if (seen.getAndSet(true)) {
          return;
        }
        System.out.print(loadedClasses(loader, loaded, args).append("FIRST-FRAME\n"));
        System.out.flush();
        Platform.runLater(() -> studio.whenWarm(() -> {
          StringBuilder out = loadedClasses(loader, loaded, args);
          try {
            node.removeNode();
          } catch (Exception e) {
            out.append("preferences node left: ").append(e).append('\n');
          }
          System.out.print(out.append("WARM\n"));
          System.out.flush();
          Runtime.getRuntime().halt(0);
        }));
      });
    });
  }

  private static StringBuilder loadedClasses(ClassLoader loader, Method loaded, String[] args) {
    StringBuilder out = new StringBuilder();
    for (int i = 1; i < args.length; i++) {
      try {
        out.append(loaded.invoke(loader, args[i]) != null ? "LOADED " : "NOT-LOADED ").append(args[i]).append('\n');
      } catch (ReflectiveOperationException e) {
        out.append("ERROR ").append(e).append('\n');
      }
    }
    return out;
  }
}
