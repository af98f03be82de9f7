package dev.templatestudio.bridge.embedded.store;

import dev.templatestudio.bridge.io.AtomicWrite;
import dev.templatestudio.bridge.io.Digests;
import dev.templatestudio.bridge.io.DiskUsage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The folders of run steps' cache mounts ({@code RUN --mount=type=cache}), kept in the store
 * between builds: {@code ROOT/cache-mounts/<sha256 of the id>[.N]/}, each holding {@code data/}
 * (what the step sees at its target), {@code id} (the mount's id, for people; its time is when
 * a step last used it) and {@code locks/}. Neither in a layer nor in a cache key. Sharing as
 * BuildKit's: {@code shared} users use the folder together, {@code locked} waits for every other
 * user of the id, {@code private} takes the first of the id's folders nobody uses (making
 * {@code .1}, {@code .2} … as needed). Held through {@link StoreGate} on the folder, so across
 * threads and processes. Prune takes whole folders (only while no build holds the store).
 * Thread-safe.
 */
public final class CacheMounts {
  private final Path dir;

  public CacheMounts(Path storeRoot) {
    this.dir = storeRoot.resolve("cache-mounts");
  }

  /** The folder holding them all. */
  public Path dir() {
    return dir;
  }

  /** A cache mount's folder while a step uses it; closing (on the thread that took it) lets others in. */
  public record Lease(Path data, StoreGate.Hold hold) implements AutoCloseable {
    @Override
    public void close() {
      hold.close();
    }
  }

  /** One cache mount folder in the store, as prune and the store's listing see it. */
  public record Folder(Path path, String id, long bytes, long lastUsedMillis) {}

  /**
   * Takes the folder of cache {@code id} with {@code sharing} (null: shared).
   *
   * @param waiting told before waiting for another build that holds the folder
   */
  public Lease acquire(String id, String sharing, Runnable waiting) throws IOException {
    String hex = Digests.hex(Digests.of(Digests.sha256().digest(id.getBytes(StandardCharsets.UTF_8))));
    Path folder = dir.resolve(hex);
    StoreGate.Hold hold;
    if ("locked".equals(sharing)) {
      hold = StoreGate.exclusive(folder, waiting);
    } else if ("private".equals(sharing)) {
      hold = StoreGate.tryExclusive(folder);
      for (int n = 1; hold == null; n++) {
        folder = dir.resolve(hex + "." + n);
        hold = StoreGate.tryExclusive(folder);
      }
    } else {
      hold = StoreGate.shared(folder, waiting);
    }
    try {
      Path data = folder.resolve("data");
      Files.createDirectories(data);
      Path idFile = folder.resolve("id");
      if (!Files.exists(idFile)) {
        AtomicWrite.writeString(idFile, id);
      }
      Files.setLastModifiedTime(idFile, FileTime.fromMillis(System.currentTimeMillis()));
      return new Lease(data, hold);
    } catch (IOException | RuntimeException e) {
      hold.close();
      throw e;
    }
  }

  /** Every cache mount folder, with its size. */
  public List<Folder> list() throws IOException {
    List<Folder> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> folders = Files.newDirectoryStream(dir)) {
      for (Path f : folders) {
        String id;
        long used;
        try {
          id = Files.readString(f.resolve("id"));
          used = Files.getLastModifiedTime(f.resolve("id")).toMillis();
        } catch (NoSuchFileException e) {
          // Made and not yet used, or half removed: nothing to name it by.
          id = f.getFileName().toString();
          used = 0;
        }
        out.add(new Folder(f, id, DiskUsage.of(f), used));
      }
    }
    return out;
  }
}
