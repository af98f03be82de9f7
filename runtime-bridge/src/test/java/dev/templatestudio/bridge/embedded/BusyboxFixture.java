package dev.templatestudio.bridge.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes a tiny but real Linux root filesystem from Debian's {@code busybox-static}
 * ({@code /bin/busybox}): {@code bin/busybox} with a symlink per applet, {@code /etc/passwd}
 * and {@code /etc/group} with root and an unprivileged {@code app} user, and the usual empty
 * directories. Integration tests use it as a {@code rootfs:DIR} or {@code rootfs:FILE.tar}
 * base image. Call from any thread; each call writes into its own target.
 */
public final class BusyboxFixture {
  /** Where Debian's busybox-static installs the statically linked binary. */
  public static final Path BUSYBOX = Path.of("/bin/busybox");

  private static final List<String> DIRS = List.of(
      "bin", "sbin", "etc", "tmp", "root", "home/app", "dev", "proc", "sys", "run", "var/tmp",
      "usr/bin", "usr/sbin", "usr/local/bin");

  private BusyboxFixture() {}

  /** True when the static busybox binary is installed (tests use this in an assumption). */
  public static boolean available() {
    return Files.isExecutable(BUSYBOX) && isStatic();
  }

  /** Writes the busybox root filesystem into {@code dir} (created if missing) and returns it. */
  public static Path rootfs(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (String d : DIRS) {
      Files.createDirectories(dir.resolve(d));
    }
    // Sticky and world-writable, as on any Linux system.
    Files.setAttribute(dir.resolve("tmp"), "unix:mode", 01777);
    Files.setAttribute(dir.resolve("var/tmp"), "unix:mode", 01777);
    Path binary = dir.resolve("bin/busybox");
    Files.copy(BUSYBOX, binary, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
    for (String applet : applets()) {
      Path link = dir.resolve("bin").resolve(applet);
      if (!applet.equals("busybox") && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(link, Path.of("busybox"));
      }
    }
    write(dir.resolve("etc/passwd"),
        "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\n"
            + "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n");
    write(dir.resolve("etc/group"), "root:x:0:\napp:x:1000:\nnogroup:x:65534:\n");
    write(dir.resolve("etc/hostname"), "busybox\n");
    write(dir.resolve("etc/hosts"), "127.0.0.1 localhost\n::1 localhost\n");
    return dir;
  }

  /**
   * Writes the same root filesystem as an uncompressed tar (sorted, owned by root, mtime 0)
   * to {@code tarFile}, built in {@code workDir}; returns the tar.
   */
  public static Path rootfsTar(Path workDir, Path tarFile) throws IOException {
    Path root = rootfs(workDir.resolve("busybox-rootfs"));
    run(List.of("tar", "--sort=name", "--owner=0", "--group=0", "--numeric-owner", "--mtime=@0",
        "-C", root.toString(), "-cf", tarFile.toString(), "."));
    return tarFile;
  }

  /** The applet names busybox knows, plus the ones the tests rely on even if it did not list them. */
  public static List<String> applets() throws IOException {
    List<String> names = new ArrayList<>(List.of("sh", "ls", "cat", "echo", "env", "sleep", "true",
        "false", "mkdir", "rm", "touch", "id", "ps", "nc", "wget", "grep", "chmod", "chown",
        "stat", "sed", "head", "tail", "wc", "kill", "pidof", "printenv", "test", "["));
    for (String line : run(List.of(BUSYBOX.toString(), "--list")).split("\n")) {
      String name = line.trim();
      if (!name.isEmpty() && !name.contains("/") && !names.contains(name)) {
        names.add(name);
      }
    }
    return names;
  }

  private static boolean isStatic() {
    try {
      // A dynamically linked busybox would not run inside a rootfs without its libc.
      byte[] head = Files.readAllBytes(BUSYBOX);
      return !new String(head, StandardCharsets.ISO_8859_1).contains("/lib64/ld-linux")
          && !new String(head, StandardCharsets.ISO_8859_1).contains("/lib/ld-linux");
    } catch (IOException e) {
      return false;
    }
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private static String run(List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(String.join(" ", command) + " failed: " + out);
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command.get(0), e);
    }
  }
}
