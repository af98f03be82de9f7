package dev.templatestudio.app.studio.settings;

import dev.templatestudio.app.studio.document.DocumentFiles;
import dev.templatestudio.app.studio.document.UserFacingException;
import dev.templatestudio.bridge.template.Template;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Crash recovery: unsaved documents are written now and then to the app's data folder
 * ({@code $TEMPLATE_STUDIO_HOME/autosave}, else {@code ~/.local/share/template-studio/autosave});
 * a clean exit empties it, so files found there at start are work a crash would have lost.
 * Blocking I/O: call it off the FX thread. Thread-safe.
 */
public final class Autosave {
  private final Path folder;

  public Autosave(Path folder) {
    this.folder = folder;
  }

  /** The autosave folder below the store folder. */
  public static Autosave inStore(Path store) {
    return new Autosave(store.resolve("autosave"));
  }

  public Path folder() {
    return folder;
  }

  /** Replaces the saved set with {@code documents} (name → template); names become file names. */
  public synchronized void save(Map<String, Template> documents) throws UserFacingException {
    try {
      Files.createDirectories(folder);
    } catch (java.io.IOException e) {
      throw new UserFacingException("Cannot make the autosave folder " + folder + ": " + e.getMessage());
    }
    List<Path> keep = new ArrayList<>();
    int n = 0;
    for (Map.Entry<String, Template> e : documents.entrySet()) {
      n++;
      String safe = e.getKey().replaceAll("[^A-Za-z0-9._-]", "-");
      Path file = folder.resolve(n + "-" + safe + (safe.endsWith(".json") ? "" : DocumentFiles.EXTENSION));
      DocumentFiles.write(file, e.getValue());
      keep.add(file);
    }
    for (Path p : pending()) {
      if (!keep.contains(p)) {
        delete(p);
      }
    }
  }

  /** Files left by a run that did not exit cleanly, sorted. */
  public synchronized List<Path> pending() {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** Empties the folder (a clean exit, or restored work). */
  public synchronized void clear() {
    pending().forEach(Autosave::delete);
  }

  private static void delete(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // A leftover autosave file is only offered again next time; not worth failing for.
    }
  }
}
