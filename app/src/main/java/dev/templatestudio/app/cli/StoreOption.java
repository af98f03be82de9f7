package dev.templatestudio.app.cli;

import dev.templatestudio.bridge.embedded.store.Store;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NotDirectoryException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
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
    Invocation invocation = Invocation.current();
    // Made absolute against the caller's folder: Store.location would take the JVM's.
    String home = invocation.env().get("TEMPLATE_STUDIO_HOME");
    Path location = store != null && !store.isBlank() ? invocation.resolve(store).toAbsolutePath()
        : home != null && !home.isBlank() ? invocation.resolve(home).toAbsolutePath()
        : Store.location(null, invocation.env());
    if (Files.exists(location) && !Files.isDirectory(location)) {
      throw new CliException("the store " + location + " is a file, not a folder; give another with --store");
    }
    return location;
  }

  /** Opens (making if needed) the store; see {@link #explained}. */
  Store open() throws IOException {
    Path location = location();
    try {
      return Store.open(location);
    } catch (FileSystemException e) {
      throw explained(e, location);
    }
  }

  /**
   * A file-system error about the store folder at {@code location} (or a folder above or inside
   * it) as a sentence naming where that folder came from: alone, "no such file: /proc/x" reads
   * as if FILE were missing.
   *
   * @throws FileSystemException {@code e} itself, when it is about another file
   */
  CliException explained(FileSystemException e, Path location) throws FileSystemException {
    Path file = e.getFile() == null ? null : Path.of(e.getFile()).toAbsolutePath().normalize();
    Path folder = location.toAbsolutePath().normalize();
    if (file == null || !(file.startsWith(folder) || folder.startsWith(file))) {
      throw e;
    }
    String why = reason(e) + (file.equals(folder) ? "" : " at " + file);
    String home = Invocation.current().env().get("TEMPLATE_STUDIO_HOME");
    if (store != null && !store.isBlank()) {
      return new CliException("--store " + store + ": cannot use it as the store folder (" + why + ")");
    }
    if (home != null && !home.isBlank()) {
      return new CliException("TEMPLATE_STUDIO_HOME=" + home + ": cannot use it as the store folder (" + why
          + "); give another with --store");
    }
    return new CliException("cannot use " + folder + " as the store folder (" + why + "); give another with --store");
  }

  private static String reason(FileSystemException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or folder";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException) {
      return "a file, not a folder, is in the way";
    }
    String reason = e.getReason() == null ? "it cannot be made" : e.getReason();
    return reason.isEmpty() ? reason : reason.substring(0, 1).toLowerCase(Locale.ROOT) + reason.substring(1);
  }
}
