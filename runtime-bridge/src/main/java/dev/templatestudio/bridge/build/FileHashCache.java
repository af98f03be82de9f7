package dev.templatestudio.bridge.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remembers the hash of each context file by its stamp (inode, size, mode, change and
 * modification times to the nanosecond), so that hashing a context again reads only the files
 * that changed since: what makes predicting the cache after every edit cheap on a big context.
 * A build never uses it; it reads every file. At most {@code maxEntries} files are remembered
 * (past that the memory starts over). Thread-safe.
 */
public final class FileHashCache {
  private final int maxEntries;
  private final Map<Path, Remembered> hashes = new ConcurrentHashMap<>();
  private final AtomicLong computed = new AtomicLong();

  private record Remembered(Map<String, Object> stamp, String hash) {}

  /** Computes one file's hash; it may read the file. */
  @FunctionalInterface
  public interface Hashing {
    String hash() throws IOException;
  }

  public FileHashCache(int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("a hash cache holds at least one file");
    }
    this.maxEntries = maxEntries;
  }

  /**
   * The hash of {@code file} (not followed when a link): the one remembered when its stamp is
   * unchanged, else {@code hashing}'s, remembered under the stamp read before it ran (a file
   * changed while being read is read again next time).
   */
  public String hash(Path file, Hashing hashing) throws IOException {
    Map<String, Object> stamp = Files.readAttributes(file, "unix:ino,dev,size,mode,lastModifiedTime,ctime",
        LinkOption.NOFOLLOW_LINKS);
    Remembered known = hashes.get(file);
    if (known != null && Objects.equals(known.stamp(), stamp)) {
      return known.hash();
    }
    String hash = hashing.hash();
    computed.incrementAndGet();
    if (hashes.size() >= maxEntries) {
      hashes.clear();
    }
    hashes.put(file, new Remembered(stamp, hash));
    return hash;
  }

  /** How many hashes were computed rather than remembered, since this cache was made. */
  public long computed() {
    return computed.get();
  }
}
