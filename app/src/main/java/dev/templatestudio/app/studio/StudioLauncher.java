package dev.templatestudio.app.studio;

import java.nio.file.Path;
import java.util.Locale;
import javafx.application.Application;

/** Starts the JavaFX studio from the command line and blocks until its last window closes. */
public final class StudioLauncher {
  private static volatile Path initialFile;

  private StudioLauncher() {}

  /** The file named on the command line, if any; read once by the application at start. */
  static Path initialFile() {
    return initialFile;
  }

  /** Opens the studio; returns the process exit code once it closes. */
  public static int launch(Path file) {
    if (isLinuxWithoutDisplay()) {
      System.err.println("template-studio: no display to open the studio on (DISPLAY is not set); "
          + "run it on a desktop, or use a subcommand such as 'template-studio render' (see --help)");
      return 1;
    }
    initialFile = file;
    Application.launch(StudioApp.class);
    return 0;
  }

  private static boolean isLinuxWithoutDisplay() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    boolean monocle = "Monocle".equals(System.getProperty("glass.platform"));
    return os.contains("linux") && !monocle
        && System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null;
  }
}
