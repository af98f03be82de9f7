package dev.templatestudio.app.studio.settings;

import dev.templatestudio.bridge.template.Template;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The autosaves of studios that stopped without a clean exit, taken over by this studio: it holds
 * their owners' locks until {@link #discard()}, so no other studio offers the same work.
 * {@link #discard()} is blocking I/O: call it off the FX thread. Thread-safe.
 */
public final class Recovery {
  static final Recovery NONE = new Recovery(List.of(), List.of());
  private final List<Document> documents;
  private final List<Orphan> orphans;

  /** A document as it was last autosaved, under the name it had. */
  public record Document(String name, Template template) {}

  /** An autosave folder whose owner is gone, and its lock, now held here. */
  record Orphan(Path folder, ProcessLock lock) {}

  Recovery(List<Document> documents, List<Orphan> orphans) {
    this.documents = List.copyOf(documents);
    this.orphans = new ArrayList<>(orphans);
  }

  /** The recovered documents, oldest autosave folder first. */
  public List<Document> documents() {
    return documents;
  }

  /**
   * Deletes the autosaves taken over (restored into this studio, or declined) and their locks;
   * what cannot be deleted is offered again at a later start.
   */
  public synchronized void discard() {
    for (Orphan o : orphans) {
      try {
        deleteFolder(o.folder());
        o.lock().deleteAndClose();
      } catch (IOException e) {
        o.lock().close();
      }
    }
    orphans.clear();
  }

  /** Deletes {@code folder} and the files in it, temporary files of an interrupted save included. */
  static void deleteFolder(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return;
    }
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
    }
    Files.deleteIfExists(folder);
  }
}
