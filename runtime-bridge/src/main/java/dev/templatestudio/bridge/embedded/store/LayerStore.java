package dev.templatestudio.bridge.embedded.store;

import dev.templatestudio.bridge.io.AtomicWrite;
import dev.templatestudio.bridge.io.Digests;
import dev.templatestudio.bridge.io.Trees;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Unpacked layers, ready to be overlay lower dirs: {@code ROOT/layers/<diff id hex>/}, in
 * overlayfs format (deletions as 0/0 character devices, opaque dirs by the xattr
 * {@code user.overlay.opaque}, as overlayfs reads them when mounted with {@code userxattr}). A layer dir
 * appears complete or not at all: it is filled elsewhere under the store and renamed into
 * place; when two builds make the same layer, the first rename wins and the other copy is
 * dropped. Thread- and process-safe.
 */
public final class LayerStore {
  /**
   * Present once every layer dir marks opaque dirs by {@code user.overlay.opaque}. Earlier
   * versions marked them by {@code trusted.overlay.opaque}, which a {@code userxattr} mount
   * ignores (what they hide would show through), so a store without it drops its unpacked
   * layers once: each is unpacked again from its blob when next needed.
   */
  static final String USER_XATTR_FORMAT = ".user-xattr-opaque";
  private final Path dir;
  private final WorkDirs scratch;

  LayerStore(Path dir, WorkDirs scratch) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.scratch = scratch;
    Path format = dir.resolve(USER_XATTR_FORMAT);
    if (!Files.exists(format)) {
      try (var layers = Files.list(dir)) {
        for (Path layer : layers.toList()) {
          // A tree that is its blob's only copy was written after the format changed: it stays.
          if (!Files.exists(dir.resolveSibling("blobs/made").resolve(layer.getFileName()))) {
            Trees.delete(layer);
          }
        }
      }
      AtomicWrite.write(format, new byte[0]);
    }
  }

  /** The unpacked layer's dir (it may not exist). */
  public Path path(String diffId) {
    return dir.resolve(Digests.hex(diffId));
  }

  public boolean has(String diffId) {
    return Files.isDirectory(path(diffId));
  }

  /**
   * Moves a finished dir (an overlay upper, or a freshly unpacked layer) into place as layer
   * {@code diffId}; if the layer is already there, deletes {@code finished} instead.
   * {@code finished} must be on the store's file system.
   */
  public Path adopt(String diffId, Path finished) throws IOException {
    return adopt(diffId, finished, DiskBudget.unlimited());
  }

  /** As {@link #adopt(String, Path)}, recording in {@code budget} that the build added the layer. */
  public Path adopt(String diffId, Path finished, DiskBudget budget) throws IOException {
    return adoptInto(dir, diffId, finished, budget);
  }

  /** {@link #adopt(String, Path, DiskBudget)} into the layer folder {@code dir}. */
  static Path adoptInto(Path dir, String diffId, Path finished, DiskBudget budget) throws IOException {
    Files.createDirectories(dir);
    Path target = dir.resolve(Digests.hex(diffId));
    if (!Files.isDirectory(target)) {
      try {
        Files.move(finished, target, StandardCopyOption.ATOMIC_MOVE);
        AtomicWrite.fsyncDir(dir);
        budget.addedLayer(diffId);
        return target;
      } catch (FileSystemException e) {
        // rename(2) onto a dir another build adopted first fails (ENOTEMPTY, which Java
        // reports as a plain FileSystemException); that copy is identical to ours.
        if (!Files.isDirectory(target)) {
          throw e;
        }
      }
    }
    Trees.delete(finished);
    return target;
  }

  /**
   * The layer's dir, unpacked by {@code unpacker} into a scratch dir first when it is not
   * there yet.
   */
  public Path ensure(String diffId, Unpacker unpacker) throws IOException {
    return ensure(diffId, unpacker, DiskBudget.unlimited());
  }

  /**
   * As {@link #ensure(String, Unpacker)}; the unpacker charges what it writes to {@code budget},
   * which records the layer as added by the build. When unpacking fails (also by going past the
   * budget) the scratch dir and everything in it is deleted.
   */
  public Path ensure(String diffId, Unpacker unpacker, DiskBudget budget) throws IOException {
    if (has(diffId)) {
      return path(diffId);
    }
    // A locked scratch dir: another build's stale-dir cleanup leaves it alone however long this takes.
    try (WorkDirs.WorkDir temp = scratch.create("layer")) {
      Path root = Files.createDirectory(temp.path().resolve("root"));
      unpacker.unpackInto(root);
      return adopt(diffId, root, budget);
    }
  }

  /** The diff ids of every unpacked layer (for prune). */
  public List<String> diffIds() throws IOException {
    List<String> ids = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(dir)) {
      for (Path d : dirs) {
        String name = d.getFileName().toString();
        if (name.matches("[0-9a-f]{64}") && Files.isDirectory(d)) {
          ids.add("sha256:" + name);
        }
      }
    }
    return ids;
  }

  /** The folder unpacked layers live in. */
  public Path dir() {
    return dir;
  }

  /** Writes a layer's files into an empty dir in overlay lower format. */
  @FunctionalInterface
  public interface Unpacker {
    void unpackInto(Path emptyDir) throws IOException;
  }
}
