package dev.templatestudio.app.studio;

import dev.templatestudio.app.doctor.WindowNeeds;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.host.HostFacts;
import dev.templatestudio.bridge.host.Need;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
    return launch(file, HostFacts.local(), System.err);
  }

  /**
   * Opens the studio on the machine {@code host} describes, or says on {@code err} in one
   * sentence (what doctor says, fix included) what the window lacks: GTK 3 or a display.
   */
  static int launch(Path file, HostFacts host, PrintStream err) {
    Optional<Need> lacking = lacking(host);
    if (lacking.isPresent()) {
      err.println("template-studio: " + lacking.get().sentence());
      return 1;
    }
    initialFile = file;
    followHomeVariable(System.getenv());
    quietStartupLogs();
    drawInSoftwareWithoutOpenGl(host);
    try {
      StartupTiming.mark("launch");
      Application.launch(StudioApp.class);
    } catch (UnsupportedOperationException | UnsatisfiedLinkError e) {
      // JavaFX found no usable GTK or display after all (a library the check does not know,
      // a DISPLAY nobody answers on): its words, with what doctor checks.
      err.println("template-studio: the studio window could not open (" + e.getMessage() + "); "
          + "'template-studio doctor' lists what the window needs");
      return 1;
    }
    return 0;
  }

  /** What the window lacks here, if anything (Monocle, the tests' headless toolkit, needs neither). */
  static Optional<Need> lacking(HostFacts host) {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (!os.contains("linux") || "Monocle".equals(System.getProperty("glass.platform"))) {
      return Optional.empty();
    }
    return List.of(WindowNeeds.gtk(host), WindowNeeds.display(host)).stream()
        .filter(n -> n.state() != Need.State.OK).findFirst();
  }

  /**
   * Without OpenGL JavaFX tries its hardware pipeline anyway and prints a stack trace before it
   * falls back to software; asking for software at once draws the same window quietly. A
   * prism.order the person set wins.
   */
  static void drawInSoftwareWithoutOpenGl(HostFacts host) {
    if (System.getProperty("prism.order") == null && WindowNeeds.acceleration(host).state() != Need.State.OK) {
      System.setProperty("prism.order", "sw");
    }
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
}
