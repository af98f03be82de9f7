package dev.templatestudio.bridge.embedded.store;

import dev.templatestudio.bridge.embedded.layer.LayerWriter;
import dev.templatestudio.bridge.io.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Content-addressed blobs: {@code ROOT/blobs/sha256/<hex>}, the same layout as an OCI image
 * layout. A blob appears only complete and verified (written to a temp file, fsynced, renamed),
 * so a crash leaves at most a stray temp file, never a wrong blob. A layer this engine writes
 * ({@link #adoptTree}) is kept once, as its unpacked tree, and its tar is made again whenever
 * it is read ({@link MadeBlobs}); {@link #open} gives either kind. A view made by
 * {@link #charging} charges what it writes to one build's {@link DiskBudget}. Thread- and
 * process-safe.
 */
public final class BlobStore {
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
  private final Path root;
  private final DiskBudget budget;
  private final MadeBlobs made;

  public BlobStore(Path root) throws IOException {
    this(root, DiskBudget.unlimited());
    Files.createDirectories(root.resolve("blobs/sha256"));
    Files.createDirectories(root.resolve("tmp"));
    made.create();
  }

  private BlobStore(Path root, DiskBudget budget) {
    this.root = root;
    this.budget = budget;
    this.made = new MadeBlobs(root);
  }

  /** This store, charging what is written through it to {@code budget}. */
  public BlobStore charging(DiskBudget budget) {
    return new BlobStore(root, budget);
  }

  /** The budget writes through this view are charged to (an unbounded one for the plain store). */
  public DiskBudget budget() {
    return budget;
  }

  public Path root() {
    return root;
  }

  /** The path a blob's file lives at (it may not exist, also when the blob is kept as a tree). */
  public Path path(String digest) {
    if (!DIGEST.matcher(digest).matches()) {
      throw new IllegalArgumentException("not a sha256 digest: " + digest);
    }
    return root.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
  }

  public boolean has(String digest) {
    return Files.isRegularFile(path(digest)) || made.recipe(digest) != null;
  }

  /** True when the blob is a layer kept as its unpacked tree only (and that tree is there). */
  public boolean isMade(String digest) {
    return !Files.isRegularFile(path(digest)) && made.recipe(digest) != null;
  }

  /**
   * The blob's bytes: its file, or for a layer kept as its tree the tar made again, checked
   * against the digest as it streams (a mismatch fails the read at the end). The one way
   * every reader of a layer blob takes.
   */
  public InputStream open(String digest) throws IOException {
    Path file = path(digest);
    MadeBlobs.Recipe recipe = Files.isRegularFile(file) ? null : made.recipe(digest);
    return recipe == null ? Files.newInputStream(file) : made.open(digest, recipe);
  }

  /**
   * Writes the blob's bytes to {@code out} (not closed). A layer kept as its tree is made and
   * hashed in one pass, faster than reading {@link #open}, and checked at the end: when this
   * throws, what reached {@code out} must not be kept (write to a temp file, rename after).
   */
  public void copy(String digest, OutputStream out) throws IOException {
    Path file = path(digest);
    MadeBlobs.Recipe recipe = Files.isRegularFile(file) ? null : made.recipe(digest);
    if (recipe == null) {
      Files.copy(file, out);
    } else {
      made.write(digest, recipe, out);
    }
  }

  public byte[] read(String digest) throws IOException {
    try (InputStream in = open(digest)) {
      return in.readAllBytes();
    }
  }

  /** The blob's size in bytes; NoSuchFileException when the store lacks it. */
  public long size(String digest) throws IOException {
    Path file = path(digest);
    MadeBlobs.Recipe recipe = Files.isRegularFile(file) ? null : made.recipe(digest);
    return recipe == null ? Files.size(file) : recipe.size();
  }

  /**
   * Takes {@code tree} (a finished overlay upper or an unpacked rootfs, on the store's file
   * system) as a layer kept once: the digest of the tar {@link LayerWriter} makes of it with
   * {@code clampMtime} is worked out without writing it, the tree is moved to {@code
   * ROOT/layers/<hex>/} (or deleted when an equal layer is there), then the blob is recorded as
   * made from it. Both are recorded in the budget as added.
   *
   * @return the blob's digest, which is also the layer's diff id
   */
  public String adoptTree(Path tree, Instant clampMtime) throws IOException {
    MessageDigest sha = Digests.sha256();
    MadeBlobs.Recipe recipe = MadeBlobs.measure(tree, clampMtime, sha);
    String digest = Digests.of(sha.digest());
    LayerStore.adoptInto(root.resolve("layers"), digest, tree, budget);
    if (!Files.isRegularFile(path(digest))) {
      made.record(digest, recipe);
      budget.addedBlob(digest);
    }
    return digest;
  }

  /** A locked scratch dir on the store's file system (under {@code ROOT/work}) to unpack a layer in. */
  public WorkDirs.WorkDir scratch(String prefix) throws IOException {
    return new WorkDirs(root.resolve("work")).create(prefix);
  }

  /** Removes a blob, its file or its record (a layer's tree is the layer store's to remove). */
  public void delete(String digest) throws IOException {
    Files.deleteIfExists(path(digest));
    made.delete(digest);
  }

  /** The digests of the blobs kept as trees, recorded whether the tree is still there or not. */
  public List<String> madeDigests() throws IOException {
    return made.digests();
  }

  /** The folder of the records of blobs kept as trees (for fsync after prune). */
  public Path madeFolder() {
    return made.folder();
  }

  /** Stores bytes; returns their digest. */
  public String put(byte[] bytes) throws IOException {
    // Small blobs (manifests, configs) are often already there: skip the write and its fsync.
    String digest = "sha256:" + HexFormat.of().formatHex(Digests.sha256().digest(bytes));
    if (has(digest)) {
      return digest;
    }
    return put(out -> out.write(bytes), digest);
  }

  /**
   * Stores what {@code writer} writes. When {@code expectedDigest} is given, content with
   * another digest is refused with an IOException and nothing is stored.
   */
  public String put(BlobWriter writer, String expectedDigest) throws IOException {
    Path temp = Files.createTempFile(root.resolve("tmp"), "blob-", ".part");
    boolean kept = false;
    try {
      MessageDigest sha = Digests.sha256();
      try (OutputStream file = Files.newOutputStream(temp);
           DigestOutputStream out = new DigestOutputStream(budget.charging(file), sha)) {
        writer.write(out);
      }
      String digest = "sha256:" + HexFormat.of().formatHex(sha.digest());
      if (expectedDigest != null && !expectedDigest.equals(digest)) {
        throw new IOException("content does not match its digest: expected " + expectedDigest
            + ", got " + digest);
      }
      kept = commit(temp, path(digest));
      if (kept) {
        budget.addedBlob(digest);
      }
      return digest;
    } finally {
      if (!kept) {
        // Deleted, or the store had the blob already: the bytes were not added after all.
        budget.release(Files.exists(temp) ? Files.size(temp) : 0);
      }
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Moves a complete file of this store's file system (e.g. a finished download under
   * {@code ROOT/tmp}) into the store after checking it against {@code expectedDigest}, without
   * copying it. On a mismatch the file is deleted and an IOException thrown.
   */
  public void adopt(Path file, String expectedDigest) throws IOException {
    MessageDigest sha = Digests.sha256();
    byte[] buffer = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        sha.update(buffer, 0, n);
      }
    }
    String digest = "sha256:" + HexFormat.of().formatHex(sha.digest());
    if (!digest.equals(expectedDigest)) {
      Files.deleteIfExists(file);
      throw new IOException("content does not match its digest: expected " + expectedDigest
          + ", got " + digest);
    }
    if (commit(file, path(digest))) {
      budget.addedBlob(digest);
    }
    Files.deleteIfExists(file);
  }

  /**
   * Moves a complete, fsynced file into place; a concurrent writer of the same blob is harmless.
   *
   * @return true when {@code temp} became the blob, false when the blob was there already
   */
  static boolean commit(Path temp, Path target) throws IOException {
    try (var ch = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    if (Files.exists(target)) {
      // Same content under the same digest: already there (rename would silently replace it).
      return false;
    }
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the store must be on one file system: " + target.getParent(), e);
    }
  }

  /** Writes a blob's content to a stream. */
  @FunctionalInterface
  public interface BlobWriter {
    void write(OutputStream out) throws IOException;
  }
}
