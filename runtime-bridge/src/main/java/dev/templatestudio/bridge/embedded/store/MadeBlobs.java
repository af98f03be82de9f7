package dev.templatestudio.bridge.embedded.store;

import dev.templatestudio.bridge.embedded.layer.LayerTarStream;
import dev.templatestudio.bridge.embedded.layer.LayerWriter;
import dev.templatestudio.bridge.io.AtomicWrite;
import dev.templatestudio.bridge.io.Digests;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Layer blobs kept as their unpacked tree only: {@code ROOT/blobs/made/<hex>} records that
 * blob {@code sha256:<hex>} is the tar {@link LayerWriter} makes of {@code ROOT/layers/<hex>/}
 * with a given mtime clamp, and its size. The writer is deterministic, so the tar is made
 * again on demand; the digest is checked as it streams, and a tree that no longer gives it is
 * a damaged store, said in one sentence, never a wrong image. The record is written after the
 * tree is in place, and the blob counts as there only while both are: a crash in between
 * leaves a tree no blob names. Thread- and process-safe.
 */
final class MadeBlobs {
  private static final Pattern RECORD = Pattern.compile("clamp=(\\d{1,12})\nsize=(\\d{1,19})\n");
  /** What a tar may still hold after a reader's last entry: end blocks and record padding. */
  private static final long TRAILER = 1 << 20;
  private final Path dir;
  private final Path layers;

  MadeBlobs(Path root) {
    this.dir = root.resolve("blobs/made");
    this.layers = root.resolve("layers");
  }

  void create() throws IOException {
    Files.createDirectories(dir);
  }

  /** How a blob is made: its writer's clamp and the tar's size. */
  record Recipe(long clampSeconds, long size) {}

  /** The recipe of {@code digest}, or null when it has none, an unreadable one, or its tree is gone. */
  Recipe recipe(String digest) {
    String hex = Digests.hex(digest);
    Path file = dir.resolve(hex);
    try {
      if (!Files.isRegularFile(file) || Files.size(file) > 64 || !Files.isDirectory(layers.resolve(hex))) {
        return null;
      }
      Matcher m = RECORD.matcher(Files.readString(file, StandardCharsets.UTF_8));
      return m.matches() ? new Recipe(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))) : null;
    } catch (IOException | NumberFormatException e) {
      // A record that cannot be read names no blob: the layer is made again by its step.
      return null;
    }
  }

  /** The tar of {@code tree} as {@code clamp} makes it: its digest and size, nothing written. */
  static Recipe measure(Path tree, Instant clamp, MessageDigest sha) throws IOException {
    long[] size = {0};
    OutputStream counting = new OutputStream() {
      @Override
      public void write(int b) {
        size[0]++;
      }

      @Override
      public void write(byte[] b, int off, int len) {
        size[0] += len;
      }
    };
    try (DigestOutputStream out = new DigestOutputStream(counting, sha)) {
      LayerWriter.write(tree, out, clamp);
    }
    return new Recipe(clamp.getEpochSecond(), size[0]);
  }

  void record(String digest, Recipe recipe) throws IOException {
    AtomicWrite.writeString(dir.resolve(Digests.hex(digest)),
        "clamp=" + recipe.clampSeconds() + "\nsize=" + recipe.size() + "\n");
  }

  /** Removes the record (not the tree); true when there was one. */
  boolean delete(String digest) throws IOException {
    return Files.deleteIfExists(dir.resolve(Digests.hex(digest)));
  }

  /** Every recorded digest, whether its tree is there or not (for prune). */
  List<String> digests() throws IOException {
    List<String> all = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return all;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        String digest = "sha256:" + f.getFileName();
        if (Digests.isSha256(digest)) {
          all.add(digest);
        }
      }
    }
    return all;
  }

  Path folder() {
    return dir;
  }

  /** The blob's bytes, made from its tree and checked against its digest and size as they stream. */
  InputStream open(String digest, Recipe recipe) {
    InputStream tar = LayerTarStream.open(layers.resolve(Digests.hex(digest)),
        Instant.ofEpochSecond(recipe.clampSeconds()));
    return new Checked(tar, digest, recipe.size());
  }

  /**
   * Writes the blob's bytes to {@code out} in one pass that also hashes them (the writer's own
   * second thread hashes and writes while the first reads the files), then checks them: a tree
   * that no longer makes the blob fails here, after the bytes went out, so a caller keeps what
   * it wrote only when this returns (e.g. renames a temp file into place afterwards).
   */
  void write(String digest, Recipe recipe, OutputStream out) throws IOException {
    MessageDigest sha = Digests.sha256();
    long[] size = {0};
    OutputStream counted = new DigestOutputStream(out, sha) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        super.write(b, off, len);
        size[0] += len;
      }

      @Override
      public void write(int b) throws IOException {
        super.write(b);
        size[0]++;
      }
    };
    try {
      LayerWriter.write(layers.resolve(Digests.hex(digest)), counted, Instant.ofEpochSecond(recipe.clampSeconds()));
    } catch (java.io.InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      throw cannotMake(digest, e);
    }
    check(digest, recipe.size(), Digests.of(sha.digest()), size[0]);
  }

  private static IOException cannotMake(String digest, IOException e) {
    return new IOException("the store cannot make the tar of layer " + digest + " from its files: "
        + e.getMessage(), e);
  }

  private static void check(String digest, long size, String got, long read) throws IOException {
    if (read != size || !got.equals(digest)) {
      throw new IOException("the store is damaged: layer " + digest + ", kept as its unpacked files, "
          + "no longer makes its tar (it made " + got + ", " + read + " bytes); remove it with "
          + "template-studio prune --all and build again");
    }
  }

  /** Hashes what is read; at the end, a tar that is not the blob fails the read. */
  private static final class Checked extends FilterInputStream {
    private final MessageDigest sha = Digests.sha256();
    private final String digest;
    private final long size;
    private long read;
    private boolean checked;

    Checked(InputStream in, String digest, long size) {
      super(in);
      this.digest = digest;
      this.size = size;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n;
      try {
        n = in.read(b, off, len);
      } catch (java.io.InterruptedIOException e) {
        throw e;
      } catch (IOException e) {
        throw cannotMake(digest, e);
      }
      if (n < 0) {
        check();
        return -1;
      }
      sha.update(b, off, n);
      read += n;
      if (read > size) {
        check();
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      byte[] buffer = new byte[(int) Math.min(n, 1 << 16)];
      long skipped = 0;
      while (skipped < n) {
        int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
        if (r < 0) {
          break;
        }
        skipped += r;
      }
      return skipped;
    }

    @Override
    public int available() {
      return 0;
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    /**
     * A tar reader stops at its last entry: what is left (end blocks, padding) is read here
     * so the digest is checked all the same; a reader that stopped early gets no check, but
     * then it did not take the layer's content either.
     */
    @Override
    public void close() throws IOException {
      try {
        if (!checked) {
          byte[] buffer = new byte[1 << 16];
          long left = TRAILER;
          int n;
          while (left > 0 && (n = read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
            left -= n;
          }
        }
      } finally {
        in.close();
      }
    }

    private void check() throws IOException {
      if (checked) {
        return;
      }
      checked = true;
      MadeBlobs.check(digest, size, Digests.of(sha.digest()), read);
    }
  }
}
