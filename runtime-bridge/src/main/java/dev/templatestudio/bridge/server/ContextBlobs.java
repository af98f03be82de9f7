package dev.templatestudio.bridge.server;

import dev.templatestudio.bridge.io.Digests;
import dev.templatestudio.bridge.io.Trees;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The content cache behind contexts sent file by file: {@code DIR/<hex>} holds the bytes whose
 * sha256 is hex, received into a temp file while hashing and renamed into place only when the
 * hash is the one named; never changed afterwards. Also the manifests waiting for
 * their files ({@code DIR/.pending}, a bounded few). Each use marks a blob used, so prune takes
 * the least recently used first and none a client was just told about. Thread- and process-safe.
 */
final class ContextBlobs {
  /** Manifests kept while their files arrive; an older one is dropped (its client sends it again). */
  static final int MAX_PENDING = 16;
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
  private final Path dir;
  private final Path tmp;
  private final Path pending;
  private final long maxBytes;
  /** Set when a file's content is stored; taken by the store's keeper, which need not look otherwise. */
  private final java.util.concurrent.atomic.AtomicBoolean added = new java.util.concurrent.atomic.AtomicBoolean();

  /** Opens the cache under {@code dir}; what a killed server left half-received is deleted. */
  ContextBlobs(Path dir, long maxBytes) throws IOException {
    this.dir = Files.createDirectories(dir);
    // Only one server uses a store at a time (ApiServer holds its lock): nothing here is in use.
    for (String scratch : List.of(".tmp", ".pending")) {
      if (Files.exists(dir.resolve(scratch))) {
        Trees.delete(dir.resolve(scratch));
      }
    }
    this.tmp = Files.createDirectories(dir.resolve(".tmp"));
    this.pending = Files.createDirectories(dir.resolve(".pending"));
    this.maxBytes = maxBytes;
  }

  boolean has(String hex) {
    return Files.isRegularFile(dir.resolve(hex));
  }

  /** Whether a file's content was stored since the last call: the store grew. */
  boolean takeAdded() {
    return added.getAndSet(false);
  }

  /** The blob's file; read it only while it is known to be here. */
  Path path(String hex) {
    return dir.resolve(hex);
  }

  /** Of {@code hexes}, those not here; those here are marked used. */
  List<String> missing(List<String> hexes) {
    List<String> missing = new ArrayList<>();
    long now = System.currentTimeMillis();
    for (String hex : hexes) {
      try {
        Files.setLastModifiedTime(dir.resolve(hex), FileTime.fromMillis(now));
      } catch (IOException e) {
        missing.add(hex);
      }
    }
    return missing;
  }

  /**
   * Receives a blob whose sha256 must be {@code hex}, at most the context limit long
   * ({@code declaredLength} -1 when the client did not say).
   */
  void put(String hex, InputStream body, long declaredLength) throws IOException, ApiError {
    if (declaredLength > maxBytes) {
      throw tooLarge();
    }
    Path file = Files.createTempFile(tmp, "blob-", "");
    try {
      MessageDigest sha = Digests.sha256();
      byte[] buffer = new byte[1 << 16];
      long total = 0;
      try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
        int n;
        while ((n = body.read(buffer)) > 0) {
          total += n;
          if (total > maxBytes) {
            throw tooLarge();
          }
          sha.update(buffer, 0, n);
          ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
          while (b.hasRemaining()) {
            out.write(b);
          }
        }
      }
      String actual = HexFormat.of().formatHex(sha.digest());
      if (!actual.equals(hex)) {
        throw new ApiError(400, "the body's sha256 is " + actual + ", not " + hex + " as the URL says; "
            + "the file was not stored");
      }
      // Not fsynced: assembling hashes each blob again, so one a crash left short or empty is
      // found then, deleted and asked for again; a context is fsynced as it is assembled.
      Files.move(file, dir.resolve(hex), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      added.set(true);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the store must be on one file system: " + dir, e);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** Keeps {@code manifest} (its bytes) until its files are here; the oldest beyond a few goes. */
  void keepPending(String hex, byte[] manifest) throws IOException {
    Path file = Files.createTempFile(tmp, "manifest-", ".json");
    Files.write(file, manifest);
    Files.move(file, pending.resolve(hex + ".json"), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    List<Path> all = new ArrayList<>();
    try (DirectoryStream<Path> list = Files.newDirectoryStream(pending)) {
      list.forEach(all::add);
    }
    if (all.size() > MAX_PENDING) {
      all.sort(Comparator.comparingLong(ContextBlobs::modified));
      for (Path old : all.subList(0, all.size() - MAX_PENDING)) {
        Files.deleteIfExists(old);
      }
    }
  }

  /** The kept manifest of context {@code hex}, if it is still here. */
  Optional<byte[]> pending(String hex) throws IOException {
    try {
      return Optional.of(Files.readAllBytes(pending.resolve(hex + ".json")));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  void dropPending(String hex) throws IOException {
    Files.deleteIfExists(pending.resolve(hex + ".json"));
  }

  /** The blobs last used before {@code usedBefore} (epoch ms), for prune, as contexts are offered. */
  List<UploadedContext> unusedSince(long usedBefore) throws IOException {
    List<UploadedContext> units = new ArrayList<>();
    try (DirectoryStream<Path> blobs = Files.newDirectoryStream(dir)) {
      for (Path blob : blobs) {
        String hex = blob.getFileName().toString();
        if (!HEX.matcher(hex).matches()) {
          continue;
        }
        long lastUsed = modified(blob);
        if (lastUsed < usedBefore) {
          units.add(new UploadedContext(hex, lastUsed, sizeOf(blob), () -> Files.deleteIfExists(blob), true));
        }
      }
    }
    return units;
  }

  private ApiError tooLarge() {
    return new ApiError(413, "a context file is at most the " + maxBytes + " bytes this server accepts for "
        + "a whole context (serve --max-context-mb); leave big files out of it with .dockerignore");
  }

  private static long modified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }

  private static long sizeOf(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }
}
