package dev.templatestudio.bridge.embedded.image;

import dev.templatestudio.bridge.io.Digests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
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
 * @param digest         sha256 over the sorted entries
 * @param newestChangeNs the newest ctime of any entry, in ns since the epoch: a fingerprint
 *                       taken within a clock tick of it may miss a change made right after
 */
record SourceFingerprint(String digest, long newestChangeNs) {
  private static final String ATTRIBUTES = "unix:size,mode,lastModifiedTime,ctime,dev,ino";

  /** The fingerprint of {@code path}: a file, or a directory and everything under it. */
  static SourceFingerprint of(Path path) throws IOException {
    List<String> entries = new ArrayList<>();
    long[] newest = {Long.MIN_VALUE};
    if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      entries.add(entry(".", path, newest));
    } else {
      Files.walkFileTree(path, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
          entries.add(entry(path.relativize(dir).toString(), dir, newest));
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          entries.add(entry(path.relativize(file).toString(), file, newest));
          return FileVisitResult.CONTINUE;
        }
      });
    }
    // The walk's order is the directories' order, which a copy of the same tree need not keep.
    entries.sort(null);
    MessageDigest sha = Digests.sha256();
    for (String e : entries) {
      sha.update(e.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
    }
    return new SourceFingerprint("sha256:" + HexFormat.of().formatHex(sha.digest()), newest[0]);
  }

  private static String entry(String name, Path file, long[] newest) throws IOException {
    Map<String, Object> a = Files.readAttributes(file, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
    long ctime = nanos(a.get("ctime"));
    newest[0] = Math.max(newest[0], ctime);
    return name + '\t' + a.get("mode") + '\t' + a.get("size") + '\t' + nanos(a.get("lastModifiedTime"))
        + '\t' + ctime + '\t' + a.get("dev") + '\t' + a.get("ino");
  }

  private static long nanos(Object time) {
    FileTime t = (FileTime) time;
    return t.to(TimeUnit.NANOSECONDS);
  }
}
