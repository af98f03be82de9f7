package dev.templatestudio.bridge.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Debian 12 (bookworm) minbase root filesystem as a tar, made by {@code mmdebstrap} from a
 * Debian mirror once and kept between runs, like the Maven repository: in
 * {@code $XDG_CACHE_HOME/template-studio-test} (or {@code ~/.cache/template-studio-test}). Tests
 * use it as a {@code rootfs:FILE.tar} base. A lock file keeps two JVMs from making it at once; it
 * is written to a temporary name and renamed when complete, so a file of the final name is
 * whole, and one that does not list as a Debian root (cut short, damaged) is made again.
 */
public final class DebianFixture {
  private static final String NAME = "debian-bookworm-minbase.tar";

  private DebianFixture() {}

  /** The cached tar, made first when missing or not a Debian root; fails the test naming why not. */
  public static Path bookwormTar() throws IOException, InterruptedException {
    Path dir = cacheDir();
    Files.createDirectories(dir);
    Path tar = dir.resolve(NAME);
    try (FileChannel lockFile = FileChannel.open(dir.resolve(NAME + ".lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
      if (Files.isRegularFile(tar) && isDebianRoot(tar)) {
        return tar;
      }
      // mmdebstrap picks its output's format by the name's extension: the temporary name ends in .tar.
      Path partial = dir.resolve("partial-" + ProcessHandle.current().pid() + "-" + NAME);
      Files.deleteIfExists(partial);
      long start = System.nanoTime();
      try {
        run(List.of("mmdebstrap", "--variant=minbase", "bookworm", partial.toString()), 30);
        if (!isDebianRoot(partial)) {
          throw new IOException("mmdebstrap wrote " + partial + " but it lists no /etc/debian_version");
        }
        Files.move(partial, tar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(partial);
      }
      System.out.printf("DebianFixture: made %s in %.1f s%n", tar, (System.nanoTime() - start) / 1e9);
      return tar;
    }
  }

  static Path cacheDir() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("template-studio-test");
  }

  private static boolean isDebianRoot(Path tar) throws InterruptedException {
    String listing;
    try {
      listing = run(List.of("tar", "-tf", tar.toString()), 5);
    } catch (IOException damaged) {
      return false;
    }
    return listing.lines().anyMatch(l -> l.equals("./etc/debian_version"))
        && listing.lines().anyMatch(l -> l.equals("./usr/bin/apt-get"));
  }

  private static String run(List<String> command, int minutes) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(minutes, TimeUnit.MINUTES) || p.exitValue() != 0) {
        String text = new String(out, StandardCharsets.UTF_8);
        throw new IOException(String.join(" ", command) + " failed (is a Debian mirror reachable? mmdebstrap "
            + "installed: .ci/apt-packages.txt): " + text.substring(Math.max(0, text.length() - 2000)));
      }
      return new String(out, StandardCharsets.UTF_8);
    } finally {
      p.destroyForcibly();
    }
  }
}
