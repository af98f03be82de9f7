package dev.templatestudio.app.cli;

import dev.templatestudio.bridge.embedded.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --store DIR}, shared by the commands that use the store (CONTRACT.md §2). */
final class StoreOption {
  @Option(names = "--store", paramLabel = "DIR",
      description = "Store folder (default: $TEMPLATE_STUDIO_HOME or ~/.local/share/template-studio).")
  String store;

  /**
   * The store folder: --store, else $TEMPLATE_STUDIO_HOME, else ~/.local/share/template-studio.
   *
   * @throws CliException when a file stands there, which creating the store would only report
   *                      by its bare name
   */
  Path location() {
    Path location = Store.location(store, System.getenv());
    if (Files.exists(location) && !Files.isDirectory(location)) {
      throw new CliException("the store " + location + " is a file, not a folder; give another with --store");
    }
    return location;
  }
}
