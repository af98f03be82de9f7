package dev.templatestudio.app.studio;

import dev.templatestudio.bridge.embedded.store.Store;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import javafx.application.Application;

/** Starts the JavaFX studio from the command line and blocks until its last window closes. */
public final class StudioLauncher {
  /** java.util.logging keeps a logger's settings only while something holds the logger. */
  private static final List<Logger> QUIETED = List.of(Logger.getLogger("javafx"), Logger.getLogger("java.util.prefs"));
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
    followHomeVariable(System.getenv());
    quietStartupLogs();
    Application.launch(StudioApp.class);
    return 0;
  }

  /**
   * Makes Java's {@code user.home} the {@code $HOME} of this run ({@link Store#userHome}): Java
   * takes it from the password file, and the preferences (java.util.prefs) and JavaFX's native
   * library cache are kept under it, so {@code HOME=/tmp/x template-studio} would still write
   * into the account's real home.
   */
  static void followHomeVariable(Map<String, String> env) {
    System.setProperty("user.home", Store.userHome(env).toString());
  }

  /**
   * Keeps two log lines that tell a user nothing off stderr: JavaFX's warning that it runs from
   * the class path, as the studio does on purpose (a main class that is not an Application,
   * docs/ARCHITECTURE.md; on the module path ControlsFX and RichTextFX would need opened
   * internals), and the preferences' note that they made their folder on a first start. Every
   * other warning still shows.
   */
  static void quietStartupLogs() {
    QUIETED.get(0).setFilter(r -> r.getMessage() == null || !r.getMessage().startsWith("Unsupported JavaFX configuration"));
    QUIETED.get(1).setLevel(Level.WARNING);
  }

  private static boolean isLinuxWithoutDisplay() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    boolean monocle = "Monocle".equals(System.getProperty("glass.platform"));
    return os.contains("linux") && !monocle
        && System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null;
  }
}
