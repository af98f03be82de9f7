package dev.templatestudio.bridge.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remembers the hash of each context file by its stamp (inode, size, mode, change and
 * modification times to the nanosecond), so that hashing a context again reads only the files
 * that changed since: what makes predicting the cache after every edit cheap on a big context,
 * and a warm engine's rebuild after one file changed read that file only. File times come from
 * a coarse clock (one kernel tick): a cache made with a racy window remembers no hash of a file
 * changed within that window of its stamp, as git treats a racily clean file, since a same-size
 * write in the same tick would leave the stamp as it was. At most {@code maxEntries} files are
 * remembered (past that the memory starts over). Thread-safe.
 */
public final class FileHashCache {
  /** On a file system with whole-second times (a newest time without fraction), two seconds. */
  private static final long COARSE_RACY_NANOS = 2_000_000_000L;
  private final int maxEntries;
  private final long racyNanos;
  private final Map<Path, Remembered> hashes = new ConcurrentHashMap<>();
  private final AtomicLong computed = new AtomicLong();

  private record Remembered(Map<String, Object> stamp, String hash) {}

  /** Computes one file's hash; it may read the file. */
  @FunctionalInterface
  public interface Hashing {
    String hash() throws IOException;
  }

  public FileHashCache(int maxEntries) {
    this(maxEntries, 0);
  }

  /** A cache that remembers no file changed less than {@code racyNanos} before its stamp was read. */
  public FileHashCache(int maxEntries, long racyNanos) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("a hash cache holds at least one file");
    }
    this.maxEntries = maxEntries;
    this.racyNanos = racyNanos;
  }

  /**
   * The hash of {@code file} (not followed when a link): the one remembered when its stamp is
   * unchanged, else {@code hashing}'s, remembered under the stamp read before it ran (a file
   * changed while being read is read again next time).
   */
  public String hash(Path file, Hashing hashing) throws IOException {
    Instant now = Instant.now();
    Map<String, Object> stamp = Files.readAttributes(file, "unix:ino,dev,size,mode,lastModifiedTime,ctime",
        LinkOption.NOFOLLOW_LINKS);
    Remembered known = hashes.get(file);
    if (known != null && Objects.equals(known.stamp(), stamp)) {
      return known.hash();
    }
    String hash = hashing.hash();
    computed.incrementAndGet();
    if (racy(stamp, now)) {
      hashes.remove(file);
      return hash;
    }
    if (hashes.size() >= maxEntries) {
      hashes.clear();
    }
    hashes.put(file, new Remembered(stamp, hash));
    return hash;
  }

  /** Whether {@code stamp}, read at {@code now}, is too close to the file's last change to trust later. */
  private boolean racy(Map<String, Object> stamp, Instant now) {
    if (racyNanos <= 0) {
      return false;
    }
    long newest = Math.max(nanos(stamp.get("ctime")), nanos(stamp.get("lastModifiedTime")));
    long window = newest % 1_000_000_000L == 0 ? Math.max(racyNanos, COARSE_RACY_NANOS) : racyNanos;
    return newest > now.getEpochSecond() * 1_000_000_000L + now.getNano() - window;
  }

  private static long nanos(Object time) {
    return ((FileTime) time).to(TimeUnit.NANOSECONDS);
  }

  /** How many hashes were computed rather than remembered, since this cache was made. */
  public long computed() {
    return computed.get();
  }
}
