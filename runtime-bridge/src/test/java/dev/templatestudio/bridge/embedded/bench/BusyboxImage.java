package dev.templatestudio.bridge.embedded.bench;

import dev.templatestudio.bridge.embedded.ImageWriter;
import dev.templatestudio.bridge.embedded.layer.LayerWriter;
import dev.templatestudio.bridge.embedded.oci.Descriptor;
import dev.templatestudio.bridge.embedded.oci.ImageConfig;
import dev.templatestudio.bridge.embedded.oci.MediaTypes;
import dev.templatestudio.bridge.embedded.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A tiny real Linux image from Debian's {@code busybox-static}: a root filesystem with
 * {@code /bin/busybox}, a symlink per applet, {@code /etc/passwd} (root and {@code app}) and
 * the usual empty dirs; and the same as a {@code busybox} template in a store. The benchmark
 * and the tests' fixtures use it, so neither needs a network. Stateless.
 */
public final class BusyboxImage {
  /** Where Debian's busybox-static installs the statically linked binary. */
  public static final Path BUSYBOX = Path.of("/bin/busybox");

  private static final List<String> DIRS = List.of(
      "bin", "sbin", "etc", "tmp", "root", "home/app", "dev", "proc", "sys", "run", "var/tmp",
      "usr/bin", "usr/sbin", "usr/local/bin");

  private BusyboxImage() {}

  /** True when a statically linked busybox is installed. */
  public static boolean available() {
    try {
      String head = new String(Files.readAllBytes(BUSYBOX), StandardCharsets.ISO_8859_1);
      // A dynamically linked busybox would not run inside a rootfs without its libc.
      return Files.isExecutable(BUSYBOX) && !head.contains("/lib64/ld-linux") && !head.contains("/lib/ld-linux");
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Writes the root filesystem into {@code dir} (created if missing) and returns it; an
   * IOException that names the package when busybox-static is not installed.
   */
  public static Path rootfs(Path dir) throws IOException {
    if (!available()) {
      throw new IOException("a static busybox is not installed at " + BUSYBOX + ": apt-get install busybox-static");
    }
    Files.createDirectories(dir);
    for (String d : DIRS) {
      Files.createDirectories(dir.resolve(d));
    }
    // Sticky and world-writable, as on any Linux system.
    Files.setAttribute(dir.resolve("tmp"), "unix:mode", 01777);
    Files.setAttribute(dir.resolve("var/tmp"), "unix:mode", 01777);
    Path binary = dir.resolve("bin/busybox");
    Files.copy(BUSYBOX, binary, StandardCopyOption.REPLACE_EXISTING);
    Files.setAttribute(binary, "unix:mode", 0755);
    for (String applet : applets()) {
      Path link = dir.resolve("bin").resolve(applet);
      if (!applet.equals("busybox") && !Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(link, Path.of("busybox"));
      }
    }
    Files.writeString(dir.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n"
        + "app:x:1000:1000:app:/home/app:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n");
    Files.writeString(dir.resolve("etc/group"), "root:x:0:\napp:x:1000:\nnogroup:x:65534:\n");
    Files.writeString(dir.resolve("etc/hostname"), "busybox\n");
    Files.writeString(dir.resolve("etc/hosts"), "127.0.0.1 localhost\n::1 localhost\n");
    try {
      Files.setAttribute(dir.resolve("home/app"), "unix:uid", 1000);
      Files.setAttribute(dir.resolve("home/app"), "unix:gid", 1000);
    } catch (java.nio.file.FileSystemException e) {
      // Not root: the home dir stays the current user's, which is all a rootless build can do.
    }
    return dir;
  }

  /**
   * Puts the busybox image into {@code store} as template {@code busybox:latest}, with its
   * root filesystem made in {@code workDir}; returns its manifest digest.
   */
  public static String seed(Store store, Path workDir) throws IOException {
    Path rootfs = rootfs(workDir.resolve("busybox-rootfs"));
    String digest = store.blobs().put(out -> LayerWriter.write(rootfs, out, Instant.EPOCH), null);
    long size = Files.size(store.blobs().path(digest));
    ImageConfig config = new ImageConfig(ImageWriter.CREATED, "amd64", "linux",
        new ImageConfig.Config(null, List.of("PATH=/bin:/usr/bin"), null, null, null, null, null),
        new ImageConfig.RootFs("layers", List.of(digest)),
        List.of(new ImageConfig.History(ImageWriter.CREATED, "busybox rootfs", null)));
    ImageWriter.Written image = ImageWriter.write(store.blobs(), config,
        List.of(new Descriptor(MediaTypes.OCI_LAYER, digest, size)));
    store.templates().publish("busybox", List.of("latest"), image.manifestDigest(), image.sizeBytes(),
        Instant.now().toString());
    return image.manifestDigest();
  }

  /** The applet names busybox knows, plus those scripts commonly rely on. */
  public static List<String> applets() throws IOException {
    List<String> names = new ArrayList<>(List.of("sh", "ls", "cat", "echo", "env", "sleep", "true",
        "false", "mkdir", "rm", "touch", "id", "ps", "nc", "wget", "grep", "chmod", "chown",
        "stat", "sed", "head", "tail", "wc", "kill", "pidof", "printenv", "test", "["));
    Process p = new ProcessBuilder(BUSYBOX.toString(), "--list").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("busybox --list failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while listing busybox applets", e);
    }
    for (String line : out.split("\n")) {
      String name = line.trim();
      if (!name.isEmpty() && !name.contains("/") && !names.contains(name)) {
        names.add(name);
      }
    }
    return names;
  }
}
