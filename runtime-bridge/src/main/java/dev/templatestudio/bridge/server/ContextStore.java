package dev.templatestudio.bridge.server;

import dev.templatestudio.bridge.io.DiskUsage;
import dev.templatestudio.bridge.io.Digests;
import dev.templatestudio.bridge.io.Trees;
import dev.templatestudio.bridge.io.AtomicWrite;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The build contexts clients uploaded, unpacked under {@code DIR/<hex>} where hex is the
 * sha256 of the context's tar. A context appears only complete and verified: received into a
 * temp file, checked against its hash, unpacked into a temp dir and renamed into place. Once
 * there it never changes, so builds read it without locks. Thread- and process-safe.
 */
final class ContextStore {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
  private final Path dir;
  private final Path tmp;
  private final long maxBytes;
  /** Set when a context is stored; taken by the store's keeper, which need not look otherwise. */
  private final java.util.concurrent.atomic.AtomicBoolean added = new java.util.concurrent.atomic.AtomicBoolean();

  /** Opens the contexts under {@code dir}; what a killed server left half-received is deleted. */
  ContextStore(Path dir, long maxBytes) throws IOException {
    this.dir = Files.createDirectories(dir);
    Path leftovers = dir.resolve(".tmp");
    // Only one server uses a store at a time (ApiServer holds its lock): nothing here is in use.
    if (Files.exists(leftovers)) {
      Trees.delete(leftovers);
    }
    this.tmp = Files.createDirectories(leftovers);
    this.maxBytes = maxBytes;
  }

  /** The hex digest of {@code spelled}, which is {@code sha256:HEX} or {@code HEX}. */
  static String hex(String spelled) throws ApiError {
    String hex = spelled.startsWith("sha256:") ? spelled.substring("sha256:".length()) : spelled;
    if (!HEX.matcher(hex).matches()) {
      throw new ApiError(400, "\"" + spelled + "\" is not a context digest: use sha256:<64 lowercase hex digits>");
    }
    return hex;
  }

  long maxBytes() {
    return maxBytes;
  }

  /** Whether a context was stored since the last call: the store grew. */
  boolean takeAdded() {
    return added.getAndSet(false);
  }

  boolean has(String hex) {
    return Files.isDirectory(dir.resolve(hex));
  }

  /**
   * Marks the context as used now (asked for, uploaded, built from): prune removes the least
   * recently used first, and none used lately.
   */
  void touch(String hex) {
    try {
      Files.setLastModifiedTime(dir.resolve(hex), FileTime.fromMillis(System.currentTimeMillis()));
    } catch (IOException e) {
      // Gone meanwhile, or not ours to touch: only prune's order is affected.
    }
  }

  /**
   * The contexts last used before {@code usedBefore} (epoch ms), for prune: a client may have
   * been told a context is here a moment ago and is about to build from it, so recent ones are
   * never offered. Each is removed by one rename out of place, then deleted.
   */
  List<UploadedContext> unusedSince(long usedBefore) throws IOException {
    List<UploadedContext> units = new ArrayList<>();
    Map<String, Long> sizes = DiskUsage.children(dir);
    try (DirectoryStream<Path> contexts = Files.newDirectoryStream(dir)) {
      for (Path context : contexts) {
        String hex = context.getFileName().toString();
        if (!HEX.matcher(hex).matches() || !Files.isDirectory(context)) {
          continue;
        }
        long lastUsed = Files.getLastModifiedTime(context).toMillis();
        if (lastUsed < usedBefore) {
          units.add(new UploadedContext(hex, lastUsed, sizes.getOrDefault(hex, 0L), () -> remove(hex)));
        }
      }
    }
    return units;
  }

  /** Takes a context away at once (a rename out of place), then deletes its files. */
  private void remove(String hex) throws IOException {
    Path gone = tmp.resolve("removed-" + hex);
    Trees.delete(gone);
    try {
      Files.move(dir.resolve(hex), gone, StandardCopyOption.ATOMIC_MOVE);
    } catch (java.nio.file.NoSuchFileException e) {
      return;
    }
    AtomicWrite.fsyncDir(dir);
    Trees.delete(gone);
  }

  /** The unpacked context; it must exist ({@link #has}). */
  Path path(String hex) {
    return dir.resolve(hex);
  }

  /**
   * Receives the tar of a context whose sha256 must be {@code hex}, at most {@link #maxBytes}
   * long ({@code declaredLength} is -1 when the client did not say), and stores it unpacked.
   */
  void put(String hex, InputStream body, long declaredLength) throws IOException, ApiError {
    if (declaredLength > maxBytes) {
      throw tooLarge(declaredLength);
    }
    Path tar = Files.createTempFile(tmp, "context-", ".tar");
    Path unpacked = null;
    try {
      String actual = receive(body, tar);
      if (!actual.equals(hex)) {
        throw new ApiError(400, "the body's sha256 is " + actual + ", not " + hex
            + " as the URL says; the context was not stored");
      }
      if (has(hex)) {
        touch(hex);
        return;
      }
      unpacked = Files.createTempDirectory(tmp, "context-");
      try {
        ContextUnpacker.unpack(tar, unpacked);
      } catch (ContextUnpacker.Refused e) {
        throw new ApiError(400, e.getMessage());
      }
      commit(unpacked, dir.resolve(hex));
      added.set(true);
      touch(hex);
    } finally {
      Files.deleteIfExists(tar);
      if (unpacked != null && Files.exists(unpacked)) {
        Trees.delete(unpacked);
      }
    }
  }

  /** Fills a folder that becomes context {@code hex} once complete. */
  @FunctionalInterface
  interface Filler {
    void fill(Path emptyDir) throws IOException, ApiError;
  }

  /**
   * Makes context {@code hex} from what {@code filler} writes into an empty temp folder, renamed
   * into place only when it returns; nothing when the context is here already.
   */
  void create(String hex, Filler filler) throws IOException, ApiError {
    if (has(hex)) {
      touch(hex);
      return;
    }
    Path made = Files.createTempDirectory(tmp, "context-");
    try {
      filler.fill(made);
      commit(made, dir.resolve(hex));
      added.set(true);
      touch(hex);
    } finally {
      if (Files.exists(made)) {
        Trees.delete(made);
      }
    }
  }

  private String receive(InputStream body, Path tar) throws IOException, ApiError {
    MessageDigest sha = Digests.sha256();
    byte[] buffer = new byte[1 << 16];
    long total = 0;
    try (OutputStream file = Files.newOutputStream(tar); DigestOutputStream out = new DigestOutputStream(file, sha)) {
      int n;
      while ((n = body.read(buffer)) > 0) {
        total += n;
        if (total > maxBytes) {
          throw tooLarge(-1);
        }
        out.write(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private ApiError tooLarge(long declared) {
    return new ApiError(413, "the context is " + (declared < 0 ? "larger than" : declared + " bytes, more than")
        + " the " + maxBytes + " bytes this server accepts (serve --max-context-mb); "
        + "leave big files out of it with .dockerignore");
  }

  private static void commit(Path unpacked, Path target) throws IOException {
    try {
      Files.move(unpacked, target, StandardCopyOption.ATOMIC_MOVE);
      AtomicWrite.fsyncDir(target.getParent());
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the store must be on one file system: " + target.getParent(), e);
    } catch (IOException e) {
      // Another upload of the same context won the race: same content, already there.
      if (!Files.isDirectory(target)) {
        throw e;
      }
    }
  }
}
