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
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Crash recovery: unsaved documents are written now and then to the app's data folder
 * ({@code $TEMPLATE_STUDIO_HOME/autosave}, else {@code ~/.local/share/template-studio/autosave}).
 * Each running studio writes into a folder of its own, {@code autosave/ID/}, and holds a lock on
 * {@code autosave/ID.lock} while it runs; a clean exit deletes both. So autosaves whose lock
 * nobody holds are work a crash would have lost, and only those are {@link #recover() recovered}:
 * studios sharing a data folder never touch each other's. Taking locks, making and scanning
 * folders happen under {@code autosave/.lock}, so no studio sees another's half made.
 * Blocking I/O: call it off the FX thread. Thread-safe.
 */
public final class Autosave {
  /** Held while a studio takes its lock and folder, or scans for those of studios gone. */
  private static final String FOLDER_LOCK = ".lock";
  /** The ending of a studio's lock file, {@code ID.lock}. */
  private static final String LOCK_ENDING = ".lock";
  private final Path folder;
  private Path own;
  private ProcessLock ownLock;
  private boolean closed;

  public Autosave(Path folder) {
    this.folder = folder;
  }

  /** The autosave folder below the store folder. */
  public static Autosave inStore(Path store) {
    return new Autosave(store.resolve("autosave"));
  }

  /**
   * Replaces this studio's saved set with {@code documents} (name → template); names become
   * file names. Until there is something to keep, nothing is made; once {@link #close()
   * closed}, nothing is written.
   */
  public synchronized void save(Map<String, Template> documents) throws UserFacingException {
    if (closed || own == null && documents.isEmpty()) {
      return;
    }
    Path dir = ownFolder();
    List<Path> keep = new ArrayList<>();
    int n = 0;
    for (Map.Entry<String, Template> e : documents.entrySet()) {
      n++;
      String safe = e.getKey().replaceAll("[^A-Za-z0-9._-]", "-");
      Path file = dir.resolve(n + "-" + safe + (safe.endsWith(".json") ? "" : DocumentFiles.EXTENSION));
      DocumentFiles.write(file, e.getValue());
      keep.add(file);
    }
    for (Path p : documentsIn(dir)) {
      if (!keep.contains(p)) {
        delete(p);
      }
    }
  }

  /**
   * Takes over the autosaves of studios that are no longer running on this data folder: their
   * documents, and their locks until {@link Recovery#discard()}. Unreadable files are skipped.
   */
  public synchronized Recovery recover() {
    if (!Files.isDirectory(folder)) {
      return Recovery.NONE;
    }
    try {
      return ProcessLock.whileHolding(folder.resolve(FOLDER_LOCK), this::takeOverOrphans);
    } catch (IOException e) {
      return Recovery.NONE;
    }
  }

  /**
   * A clean exit: deletes this studio's autosaves and lets go of its lock; later saves do
   * nothing. Failures leave the files, to be offered at the next start.
   */
  public synchronized void close() {
    closed = true;
    if (ownLock == null) {
      return;
    }
    try {
      Recovery.deleteFolder(own);
      ownLock.deleteAndClose();
    } catch (IOException e) {
      // What is left is offered at the next start, as after a crash: nothing is lost.
    }
  }

  /** This studio's folder, made with its lock on the first save. */
  private Path ownFolder() throws UserFacingException {
    if (own != null) {
      return own;
    }
    try {
      Files.createDirectories(folder);
      String id = UUID.randomUUID().toString();
      Path dir = folder.resolve(id);
      ownLock = ProcessLock.whileHolding(folder.resolve(FOLDER_LOCK), () -> {
        ProcessLock lock = ProcessLock.create(folder.resolve(id + LOCK_ENDING));
        Files.createDirectories(dir);
        return lock;
      });
      own = dir;
      return own;
    } catch (IOException e) {
      throw new UserFacingException("Cannot make the autosave folder " + folder + ": " + e.getMessage());
    }
  }

  private Recovery takeOverOrphans() throws IOException {
    List<Recovery.Document> documents = new ArrayList<>();
    List<Recovery.Orphan> orphans = new ArrayList<>();
    for (Path lockFile : filesIn(folder, n -> n.endsWith(LOCK_ENDING) && !n.equals(FOLDER_LOCK))) {
      Optional<ProcessLock> lock = ProcessLock.takeOver(lockFile);
      if (lock.isPresent()) {
        String name = lockFile.getFileName().toString();
        Path dir = folder.resolve(name.substring(0, name.length() - LOCK_ENDING.length()));
        takeOver(new Recovery.Orphan(dir, lock.get()), documents, orphans);
      }
    }
    return new Recovery(documents, orphans);
  }

  /** Adds the documents of {@code orphan} and keeps it; one with none is deleted at once. */
  private static void takeOver(Recovery.Orphan orphan, List<Recovery.Document> documents,
      List<Recovery.Orphan> orphans) {
    List<Path> files;
    try {
      files = filesIn(orphan.folder(), Autosave::isDocument);
    } catch (IOException e) {
      orphan.lock().close();
      return;
    }
    if (files.isEmpty()) {
      // A studio that died before its first save, or while its clean exit was deleting.
      try {
        Recovery.deleteFolder(orphan.folder());
        orphan.lock().deleteAndClose();
      } catch (IOException e) {
        orphan.lock().close();
      }
      return;
    }
    for (Path f : files) {
      try {
        documents.add(new Recovery.Document(documentName(f), DocumentFiles.read(f)));
      } catch (UserFacingException e) {
        // Not a template any more (edited by hand?): nothing to restore from it.
      }
    }
    orphans.add(orphan);
  }

  /** The document's name as {@link #save} turned it into a file name. */
  private static String documentName(Path file) {
    return file.getFileName().toString().replaceFirst("^\\d+-", "").replace(DocumentFiles.EXTENSION, "");
  }

  private static List<Path> documentsIn(Path dir) throws UserFacingException {
    try {
      return filesIn(dir, Autosave::isDocument);
    } catch (IOException e) {
      throw new UserFacingException("Cannot read the autosave folder " + dir + ": " + e.getMessage());
    }
  }

  /** Autosaved documents end so; the temporary files of a save in progress do not. */
  private static boolean isDocument(String fileName) {
    return fileName.endsWith(".json");
  }

  private static List<Path> filesIn(Path dir, Predicate<String> name) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> name.test(p.getFileName().toString())).sorted().toList();
    }
  }

  private static void delete(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // A leftover autosave file is only offered again after a crash; not worth failing for.
    }
  }
}
