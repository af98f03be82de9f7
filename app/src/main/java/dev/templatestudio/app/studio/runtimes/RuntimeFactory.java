package dev.templatestudio.app.studio.runtimes;

import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.build.RuntimeUnavailableException;
import dev.templatestudio.bridge.runtimes.Runtimes;
import dev.templatestudio.bridge.embedded.store.Store;
import java.io.IOException;
import java.nio.file.Path;

/** Opens the runtime the person chose, through runtime-bridge's {@link Runtimes}. Thread-safe. */
public final class RuntimeFactory {
  private RuntimeFactory() {}

  /** The store folder: {@code $TEMPLATE_STUDIO_HOME}, else {@code ~/.local/share/template-studio}, as the CLI's. */
  public static Path defaultStore() {
    return Store.location(null, System.getenv());
  }

  /**
   * Opens the runtime {@code choice} names, storing into {@code store}. Blocking: call it in the
   * background.
   *
   * @throws IOException (a {@code RuntimeUnavailableException}) saying why it cannot be used
   */
  public static Runtime open(RuntimeChoice choice, Path store) throws IOException {
    String environmentToken = System.getenv("TEMPLATE_STUDIO_TOKEN");
    if (choice.kind() == RuntimeChoice.Kind.REMOTE && choice.token() == null
        && (environmentToken == null || environmentToken.isBlank())) {
      // The bridge would point to command-line flags; in the studio the token goes in the dialog.
      throw new RuntimeUnavailableException("the remote runtime " + choice.url() + " needs its token: choose "
          + "Runtime > Remote\u2026 and enter the token from the server's token file (serve prints where it is)");
    }
    return Runtimes.open(choice.spec(), store, choice.token());
  }
}
