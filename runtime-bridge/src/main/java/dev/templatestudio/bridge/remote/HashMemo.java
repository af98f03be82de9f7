package dev.templatestudio.bridge.remote;

import dev.templatestudio.bridge.io.Digests;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sha256 of a context's files remembered between builds by their stat fingerprint (inode,
 * size, mtime and ctime in nanoseconds), as BuildKit's local source does: a rebuild reads and
 * hashes only the files that changed. A file changed within {@link #RACY_NANOS} of its hashing
 * is not remembered (its next change could keep the same times). One small file per context
 * folder under the user's cache ({@code $XDG_CACHE_HOME/template-studio/context-hashes}, else
 * {@code ~/.cache/…}), the {@link #KEEP} most recently used kept; a file that cannot be read is
 * an empty memo, one that cannot be written is left. Thread-safe.
 */
final class HashMemo {
  static final long RACY_NANOS = 2_000_000_000L;
  static final int KEEP = 32;
  private final Path file;
  private final Map<String, Line> before;
  private final Map<String, Line> now = new ConcurrentHashMap<>();
  private final long startedNanos = System.currentTimeMillis() * 1_000_000L;

  /** A file's stat fingerprint. */
  record Stat(long inode, long size, long mtimeNanos, long ctimeNanos) {}

  private record Line(Stat stat, String hex) {}

  private HashMemo(Path file, Map<String, Line> before) {
    this.file = file;
    this.before = before;
  }

  /** The memo of the context at real path {@code root}, kept in {@code dir}; null dir: none kept. */
  static HashMemo of(Path dir, Path root) {
    if (dir == null) {
      return new HashMemo(null, Map.of());
    }
    String name = HexFormat.of().formatHex(Digests.sha256().digest(root.toString().getBytes(StandardCharsets.UTF_8)));
    Path file = dir.resolve(name);
    Map<String, Line> lines = new HashMap<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String[] f = line.split(" ", 6);
        if (f.length == 6 && f[4].length() == 64) {
          lines.put(f[5], new Line(new Stat(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]),
              Long.parseLong(f[3])), f[4]));
        }
      }
    } catch (IOException | RuntimeException e) {
      // No memo yet, or a damaged one: every file is hashed.
      lines.clear();
    }
    return new HashMemo(file, lines);
  }

  /**
   * The cache folder for memos by {@code env} (the local engine's client's environment, which
   * names the same user as this process: the engine serves its owner only).
   */
  static Path dir(java.util.Map<String, String> env) {
    String xdg = env.get("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("template-studio").resolve("context-hashes");
  }

  /** The remembered hash of {@code path} when its fingerprint is unchanged, else null. */
  String lookup(String path, Stat stat) {
    Line line = before.get(path);
    if (line != null && line.stat().equals(stat)) {
      now.put(path, line);
      return line.hex();
    }
    return null;
  }

  /** Remembers a hash just computed, unless the file changed too recently to be sure of it. */
  void record(String path, Stat stat, String hex) {
    if (startedNanos - Math.max(stat.mtimeNanos(), stat.ctimeNanos()) > RACY_NANOS && path.indexOf('\n') < 0) {
      now.put(path, new Line(stat, hex));
    }
  }

  /** Writes the memo (whole, renamed into place) and drops the least recently used beyond {@link #KEEP}. */
  void save() {
    if (file == null || now.equals(before)) {
      return;
    }
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), ".memo-", ".tmp");
      try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        for (Map.Entry<String, Line> e : now.entrySet()) {
          Stat s = e.getValue().stat();
          out.write(s.inode() + " " + s.size() + " " + s.mtimeNanos() + " " + s.ctimeNanos() + " "
              + e.getValue().hex() + " " + e.getKey() + "\n");
        }
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      List<Path> memos = new ArrayList<>();
      try (DirectoryStream<Path> all = Files.newDirectoryStream(file.getParent())) {
        all.forEach(memos::add);
      }
      if (memos.size() > KEEP) {
        memos.sort(Comparator.comparingLong(HashMemo::modified));
        for (Path old : memos.subList(0, memos.size() - KEEP)) {
          Files.deleteIfExists(old);
        }
      }
    } catch (IOException e) {
      // A cache: the next build hashes every file again.
    }
  }

  private static long modified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }
}
