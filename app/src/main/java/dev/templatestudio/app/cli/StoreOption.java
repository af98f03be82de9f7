package dev.templatestudio.app.cli;

import dev.templatestudio.bridge.embedded.store.Store;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --store DIR}, shared by the commands that use the store (CONTRACT.md §2). */
final class StoreOption {
  @Option(names = "--store", paramLabel = "DIR",
      description = "Store folder (default: $TEMPLATE_STUDIO_HOME or ~/.local/share/template-studio).")
  String store;

  /** The store folder: --store, else $TEMPLATE_STUDIO_HOME, else ~/.local/share/template-studio. */
  Path location() {
    return Store.location(store, System.getenv());
  }
}
