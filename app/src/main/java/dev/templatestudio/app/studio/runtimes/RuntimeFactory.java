package dev.templatestudio.app.studio.runtimes;

import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.build.RuntimeUnavailableException;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;

/**
 * Opens runtimes through runtime-bridge's {@code dev.templatestudio.bridge.build.Runtimes.open(spec,
 * store)}. The engines land on their own branches; looking the factory up by name lets the
 * studio build and run without them and say plainly that no engine is present. Thread-safe.
 */
public final class RuntimeFactory {
  static final String FACTORY = "dev.templatestudio.bridge.build.Runtimes";

  private RuntimeFactory() {}

  /** The store folder: {@code $TEMPLATE_STUDIO_HOME}, else {@code ~/.local/share/template-studio}. */
  public static Path defaultStore() {
    String home = System.getenv("TEMPLATE_STUDIO_HOME");
    if (home != null && !home.isBlank()) {
      return Path.of(home);
    }
    return Path.of(System.getProperty("user.home"), ".local", "share", "template-studio");
  }

  /** Opens the runtime {@code choice} names, storing into {@code store}. Blocking. */
  public static Runtime open(RuntimeChoice choice, Path store) throws IOException {
    Method open;
    try {
      open = Class.forName(FACTORY).getMethod("open", String.class, Path.class);
    } catch (ClassNotFoundException | NoSuchMethodException e) {
      throw new RuntimeUnavailableException("This build of Template Studio has no "
          + choice.label().toLowerCase() + " runtime yet; build from the command line once it is included.");
    }
    try {
      return (Runtime) open.invoke(null, choice.spec(), store);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new RuntimeUnavailableException("The " + choice.label() + " runtime failed to start: "
          + e.getCause().getMessage(), e.getCause());
    } catch (IllegalAccessException e) {
      throw new RuntimeUnavailableException("The runtime factory cannot be called: " + e.getMessage(), e);
    }
  }
}
