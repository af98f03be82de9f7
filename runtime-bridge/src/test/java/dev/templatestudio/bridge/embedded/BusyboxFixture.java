package dev.templatestudio.bridge.embedded;

import dev.templatestudio.bridge.embedded.bench.BusyboxImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes a tiny but real Linux root filesystem from Debian's {@code busybox-static}
 * ({@code /bin/busybox}): {@code bin/busybox} with a symlink per applet, {@code /etc/passwd}
 * and {@code /etc/group} with root and an unprivileged {@code app} user, and the usual empty
 * directories (see {@link BusyboxImage}). Integration tests use it as a {@code rootfs:DIR} or
 * {@code rootfs:FILE.tar} base image. Call from any thread; each call writes into its own target.
 */
public final class BusyboxFixture {
  /** Where Debian's busybox-static installs the statically linked binary. */
  public static final Path BUSYBOX = BusyboxImage.BUSYBOX;

  private BusyboxFixture() {}

  /** True when the static busybox binary is installed. */
  public static boolean available() {
    return BusyboxImage.available();
  }

  /**
   * Fails the calling test, naming the package, when busybox-static is not installed: a test
   * never skips for a missing package ({@code .ci/setup} installs them all).
   */
  public static void require() {
    if (!available()) {
      org.assertj.core.api.Assertions.fail("busybox-static is not installed: apt-get install busybox-static "
          + "(.ci/setup installs every Debian package the tests need)");
    }
  }

  /** Writes the busybox root filesystem into {@code dir} (created if missing) and returns it. */
  public static Path rootfs(Path dir) throws IOException {
    return BusyboxImage.rootfs(dir);
  }

  /**
   * Writes the same root filesystem as an uncompressed tar (sorted, owned by root, mtime 0)
   * to {@code tarFile}, built in {@code workDir}; returns the tar.
   */
  public static Path rootfsTar(Path workDir, Path tarFile) throws IOException {
    Path root = rootfs(workDir.resolve("busybox-rootfs"));
    List<String> command = List.of("tar", "--sort=name", "--owner=0", "--group=0", "--numeric-owner",
        "--mtime=@0", "-C", root.toString(), "-cf", tarFile.toString(), ".");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("tar failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running tar", e);
    }
    return tarFile;
  }

  /** The applet names busybox knows, plus the ones the tests rely on. */
  public static List<String> applets() throws IOException {
    return BusyboxImage.applets();
  }
}
