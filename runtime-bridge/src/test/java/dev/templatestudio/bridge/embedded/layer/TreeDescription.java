package dev.templatestudio.bridge.embedded.layer;

import dev.templatestudio.bridge.io.Digests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** A tree as comparable lines: path, type, mode, owner, mtime, content hash or link target. */
final class TreeDescription {
  private TreeDescription() {}

  static List<String> describe(Path root) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : (Iterable<Path>) walk.sorted()::iterator) {
        Map<String, Object> a = Files.readAttributes(path, "unix:*", LinkOption.NOFOLLOW_LINKS);
        String what;
        if (Files.isSymbolicLink(path)) {
          what = "-> " + Files.readSymbolicLink(path);
        } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
          what = "sha256:" + sha256(Files.readAllBytes(path)) + " links=" + a.get("nlink");
        } else {
          what = "rdev=" + a.get("rdev");
        }
        String mtime = Files.isSymbolicLink(path) ? "" : " mtime=" + ((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).toInstant().getEpochSecond();
        lines.add(root.relativize(path) + " mode=" + Integer.toOctalString((Integer) a.get("mode"))
            + " " + a.get("uid") + ":" + a.get("gid") + mtime + " " + what);
      }
    }
    return lines;
  }

  static String sha256(byte[] bytes) {
    MessageDigest sha = Digests.sha256();
    return HexFormat.of().formatHex(sha.digest(bytes));
  }
}
