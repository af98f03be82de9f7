package dev.templatestudio.bridge.embedded.image;

import dev.templatestudio.bridge.io.Digests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a local base source looks like to stat(2), without reading a byte of it: for a file,
 * and for every entry of a tree (walked without following links), its path, type, size, mode,
 * mtime and ctime in nanoseconds, device and inode. Any write, rename, chmod or replacement
 * changes the ctime, which no user can set back, so an equal fingerprint means the same bytes
 * as BuildKit's local source trusts it too. Stateless.
 *
 * @param digest         sha256 over the entries, each folder's in sorted order
 * @param newestChangeNs the newest ctime of any entry, in ns since the epoch: a fingerprint
 *                       taken within a clock tick of it may miss a change made right after
 */
record SourceFingerprint(String digest, long newestChangeNs) {
  private static final String ATTRIBUTES = "unix:size,mode,lastModifiedTime,ctime,dev,ino";
  private static final int TYPE_MASK = 0170000;
  private static final int DIRECTORY = 0040000;

  /** The fingerprint of {@code path}: a file, or a directory and everything under it. */
  static SourceFingerprint of(Path path) throws IOException {
    Walk walk = new Walk();
    if (walk.add(".", path)) {
      walk.under(path, "");
    }
    return new SourceFingerprint("sha256:" + HexFormat.of().formatHex(walk.sha.digest()), walk.newest);
  }

  /**
   * One walk: each entry stat'ed once (without following links) and hashed as it comes, the
   * names of a folder in sorted order, since the order the file system lists them in is not
   * kept by a copy of the same tree. On a tree of a few hundred files this is most of what a
   * cached build on a {@code rootfs:DIR} base does, so it builds no strings per entry but
   * its path.
   */
  private static final class Walk {
    private final MessageDigest sha = Digests.sha256();
    private final ByteBuffer fields = ByteBuffer.allocate(6 * Long.BYTES);
    private long newest = Long.MIN_VALUE;

    /** Hashes the entry {@code name} at {@code file}; whether it is a directory. */
    boolean add(String name, Path file) throws IOException {
      Map<String, Object> a = Files.readAttributes(file, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
      int mode = (Integer) a.get("mode");
      long ctime = nanos(a.get("ctime"));
      newest = Math.max(newest, ctime);
      sha.update(name.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      fields.clear();
      fields.putLong(mode).putLong((Long) a.get("size")).putLong(nanos(a.get("lastModifiedTime"))).putLong(ctime)
          .putLong((Long) a.get("dev")).putLong((Long) a.get("ino"));
      sha.update(fields.array());
      return (mode & TYPE_MASK) == DIRECTORY;
    }

    /** Hashes what is under the directory {@code dir}, whose path in the tree is {@code prefix}. */
    void under(Path dir, String prefix) throws IOException {
      List<String> names = new ArrayList<>();
      try (DirectoryStream<Path> list = Files.newDirectoryStream(dir)) {
        list.forEach(child -> names.add(child.getFileName().toString()));
      }
      names.sort(null);
      for (String name : names) {
        Path child = dir.resolve(name);
        String relative = prefix + name;
        if (add(relative, child)) {
          under(child, relative + '/');
        }
      }
    }
  }

  private static long nanos(Object time) {
    FileTime t = (FileTime) time;
    return t.to(TimeUnit.NANOSECONDS);
  }
}
