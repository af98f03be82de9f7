package dev.templatestudio.bridge.server;

import dev.templatestudio.bridge.host.HostFacts;
import dev.templatestudio.bridge.io.Digests;
import dev.templatestudio.bridge.io.SafePaths;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Builds a context folder from a checked {@link UploadManifest} and the content cache: each
 * directory made, each file copied from its blob while the copy is hashed again (a cache file
 * that no longer holds its hash fails the assembly), each symlink made as it is. Parents are
 * made and checked through {@link SafePaths}, so nothing is written through a link. Modes,
 * mtimes and (as root) numeric owners are restored as {@link ContextUnpacker} restores a tar's,
 * so both ways give the same context; files are fsynced, so a folder renamed into place is
 * complete. One thread.
 */
final class ContextAssembler {
  private final SafePaths paths;
  private final ContextBlobs blobs;
  private final boolean asRoot = HostFacts.local().isRoot();
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);

  private ContextAssembler(Path root, ContextBlobs blobs) {
    this.paths = new SafePaths(root);
    this.blobs = blobs;
  }

  /** A cached file that is gone or no longer holds its hash: the client sends it again. */
  static final class Missing extends IOException {
    private static final long serialVersionUID = 1L;
    final String hex;

    Missing(String hex) {
      super("the cached file sha256:" + hex + " is gone or damaged");
      this.hex = hex;
    }
  }

  /** Fills {@code emptyDir} with the context {@code manifest} describes. */
  static void assemble(UploadManifest manifest, ContextBlobs blobs, Path emptyDir) throws IOException, ApiError {
    new ContextAssembler(emptyDir.toAbsolutePath().normalize(), blobs).run(manifest);
  }

  private void run(UploadManifest manifest) throws IOException, ApiError {
    List<UploadManifest.Entry> dirs = new ArrayList<>();
    for (UploadManifest.Entry e : manifest.entries()) {
      Path target = paths.prepare(e.path(), e.type() == UploadManifest.Type.DIR);
      if (target == null) {
        // The manifest's check lets no path lie below one listed as a symlink or a file.
        throw new IOException("the context manifest's entry " + e.path() + " has no directory to go in");
      }
      switch (e.type()) {
        case DIR -> {
          // Made already when something in it came first (an implicit folder, UploadManifest).
          if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(target);
          }
          paths.markDirectory(e.path());
          dirs.add(e);
        }
        case FILE -> {
          copy(e, target);
          ownerModeAndTime(target, e);
        }
        case SYMLINK -> {
          Files.createSymbolicLink(target, Path.of(e.target()));
          owner(target, e);
          time(target, e);
        }
        default -> throw new IllegalStateException(e.type().name());
      }
    }
    // Directory modes and times last: a read-only one would block its files, each file its mtime.
    for (int i = dirs.size() - 1; i >= 0; i--) {
      UploadManifest.Entry d = dirs.get(i);
      ownerModeAndTime(paths.root().resolve(d.path()), d);
    }
  }

  private void copy(UploadManifest.Entry e, Path target) throws IOException, ApiError {
    String hex = e.sha256();
    MessageDigest sha = Digests.sha256();
    FileChannel in;
    try {
      in = FileChannel.open(blobs.path(hex), StandardOpenOption.READ);
    } catch (java.nio.file.NoSuchFileException gone) {
      throw new Missing(hex);
    }
    try (in; FileChannel out = SafePaths.createFile(target)) {
      // The manifest's sizes are what its bound was checked against: a file may not be larger.
      if (in.size() != e.size()) {
        throw new ApiError(400, "the context manifest says " + e.path() + " has " + e.size()
            + " bytes, but its content sha256:" + hex + " has " + in.size());
      }
      buffer.clear();
      while (in.read(buffer) > 0) {
        buffer.flip();
        sha.update(buffer.duplicate());
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        buffer.clear();
      }
      out.force(true);
    }
    if (!HexFormat.of().formatHex(sha.digest()).equals(hex)) {
      // Damaged on disk: away with it, so the client's next upload of it is taken.
      Files.deleteIfExists(blobs.path(hex));
      throw new Missing(hex);
    }
  }

  /** The owner first: changing it clears the setuid and setgid bits, so the mode must follow it. */
  private void ownerModeAndTime(Path target, UploadManifest.Entry e) throws IOException {
    owner(target, e);
    Files.setAttribute(target, "unix:mode", e.mode(), LinkOption.NOFOLLOW_LINKS);
    time(target, e);
  }

  private void owner(Path target, UploadManifest.Entry e) throws IOException {
    if (asRoot) {
      Files.setAttribute(target, "unix:uid", e.uid(), LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(target, "unix:gid", e.gid(), LinkOption.NOFOLLOW_LINKS);
    }
  }

  private static void time(Path target, UploadManifest.Entry e) throws IOException {
    Files.getFileAttributeView(target, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setTimes(FileTime.fromMillis(e.mtime() * 1000), null, null);
  }
}
