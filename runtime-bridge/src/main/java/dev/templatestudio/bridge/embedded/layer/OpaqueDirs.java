package dev.templatestudio.bridge.embedded.layer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Overlayfs opaque directories: a directory of an upper layer that hides everything below it
 * carries the xattr {@code trusted.overlay.opaque=y} ({@code user.overlay.opaque} when mounted
 * with {@code userxattr}). Java reads only {@code user.*} xattrs, so this goes through
 * {@code getfattr}/{@code setfattr} from Debian's {@code attr}. Any thread.
 */
final class OpaqueDirs {
  static final String XATTR = "trusted.overlay.opaque";
  private static final String PATTERN = "^(trusted|user)\\.overlay\\.opaque$";

  private OpaqueDirs() {}

  /** The absolute paths of every opaque directory under {@code root} (one getfattr walk). */
  static Set<Path> find(Path root) throws IOException {
    String getfattr = HostTools.require("getfattr");
    // -h: a link's own xattrs, never its target's (a dangling link in an upper dir is no error).
    String out = HostTools.run(List.of(getfattr, "-h", "-R", "-P", "--absolute-names", "-e", "text",
        "-m", PATTERN, "-d", root.toAbsolutePath().toString()));
    Set<Path> opaque = new HashSet<>();
    Path current = null;
    for (String line : out.split("\n")) {
      if (line.startsWith("# file: ")) {
        current = Path.of(unescape(line.substring("# file: ".length())));
      } else if (current != null && line.endsWith(".overlay.opaque=\"y\"")) {
        opaque.add(current);
      }
    }
    return opaque;
  }

  /** Marks directories opaque (root only: trusted.* xattrs). */
  static void mark(List<String> dirs) throws IOException {
    if (dirs.isEmpty()) {
      return;
    }
    String setfattr = HostTools.require("setfattr");
    HostTools.runBatched(List.of(setfattr, "-h", "-n", XATTR, "-v", "y"), dirs);
  }

  /** getfattr prints unusual bytes of file names as {@code \ooo} octal and a backslash as {@code \\}. */
  static String unescape(String escaped) {
    if (escaped.indexOf('\\') < 0) {
      return escaped;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] raw = escaped.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == '\\' && i + 1 < raw.length && raw[i + 1] == '\\') {
        bytes.write('\\');
        i++;
      } else if (raw[i] == '\\' && i + 3 < raw.length && isOctal(raw[i + 1]) && isOctal(raw[i + 2])
          && isOctal(raw[i + 3])) {
        bytes.write((raw[i + 1] - '0') * 64 + (raw[i + 2] - '0') * 8 + (raw[i + 3] - '0'));
        i += 3;
      } else {
        bytes.write(raw[i]);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static boolean isOctal(byte b) {
    return b >= '0' && b <= '7';
  }
}
