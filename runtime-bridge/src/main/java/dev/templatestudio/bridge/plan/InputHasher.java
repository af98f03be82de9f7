package dev.templatestudio.bridge.plan;

import dev.templatestudio.bridge.context.CopySources;
import dev.templatestudio.bridge.build.HashReuse;
import dev.templatestudio.bridge.io.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hashes a copy step's input files: for each, its path, mode, size and content (a link's
 * target), so the cache notices any change that would change the layer. Files are hashed in
 * parallel. Stateless and thread-safe.
 */
public final class InputHasher {
  private static final int BUFFER = 256 * 1024;
  private static final int PARALLEL_FROM = 16;

  private InputHasher() {}

  /** Context path → hash of that entry, in the entries' order; every file read. */
  public static Map<String, String> hash(List<CopySources.Entry> entries) throws IOException {
    return hash(entries, HashReuse.NONE);
  }

  /**
   * As {@link #hash(List)}, reusing what {@code reuse}'s cache remembers of unchanged files and
   * giving up ({@link java.util.concurrent.CancellationException}) once {@code reuse} is stale.
   */
  public static Map<String, String> hash(List<CopySources.Entry> entries, HashReuse reuse) throws IOException {
    String[] hashes = new String[entries.size()];
    try {
      java.util.stream.IntStream range = java.util.stream.IntStream.range(0, entries.size());
      // A handful of files hash faster than the thread pool hands them out.
      (entries.size() >= PARALLEL_FROM ? range.parallel() : range).forEach(i -> {
        try {
          reuse.check();
          CopySources.Entry e = entries.get(i);
          hashes[i] = reuse.cache() == null ? hashOne(e) : reuse.cache().hash(e.source(), () -> hashOne(e));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < hashes.length; i++) {
      // Where an entry lands follows from the step's JSON and its context path, both hashed.
      out.put(entries.get(i).contextPath(), hashes[i]);
    }
    return out;
  }

  /** One digest over all the entries' hashes. */
  public static String combine(Map<String, String> inputs) {
    MessageDigest sha = Digests.sha256();
    inputs.forEach((path, hash) -> sha.update((path + "\0" + hash + "\n").getBytes(StandardCharsets.UTF_8)));
    return Digests.of(sha.digest());
  }

  private static String hashOne(CopySources.Entry e) throws IOException {
    MessageDigest sha = Digests.sha256();
    // One stat for mode and size.
    java.util.Map<String, Object> attrs = Files.readAttributes(e.source(), "unix:mode,size", LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) attrs.get("mode");
    switch (e.kind()) {
      case SYMLINK:
        sha.update(("link " + Files.readSymbolicLink(e.source())).getBytes(StandardCharsets.UTF_8));
        break;
      case DIR:
        sha.update(("dir " + Integer.toOctalString(mode & 07777)).getBytes(StandardCharsets.UTF_8));
        break;
      default:
        long size = (Long) attrs.get("size");
        sha.update(("file " + Integer.toOctalString(mode & 07777) + " " + size + "\n").getBytes(StandardCharsets.UTF_8));
        byte[] buf = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(e.source())) {
          int n;
          while ((n = in.read(buf)) > 0) {
            sha.update(buf, 0, n);
          }
        }
    }
    return Digests.of(sha.digest());
  }
}
