package dev.templatestudio.bridge.embedded.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A file system a run step has over its image while it runs (BuildKit's {@code RUN --mount}),
 * mounted in the sandbox's own mount namespace only: a host folder or file bound (a cache
 * mount's folder in the store, a bind mount's copy of context files, a secret's file), a
 * tmpfs, or a folder of an image's layers (an overlay of them). Nothing of it reaches the
 * step's layer: the overlay's upper dir only ever holds the mount point.
 *
 * @param target   where, relative to the image's root: resolved inside the image beforehand,
 *                 so no component is a link, and present (a folder, or a file for a file bind)
 * @param source   the host folder or file bound ({@link Kind#BIND})
 * @param readOnly bound read-only; for {@link Kind#LAYERS} false means writable, with the
 *                 writes going to the sandbox's scratch dir and gone with it
 * @param size     a tmpfs's size option ({@code 64m}), or null for the kernel's default
 * @param layers   the image's unpacked layers, top first ({@link Kind#LAYERS})
 * @param inImage  the folder or file of those layers to bind, relative, link-free ("" the root)
 */
public record SandboxMount(Kind kind, String target, Path source, boolean readOnly, String size,
    List<Path> layers, String inImage) {

  /** What is mounted. */
  public enum Kind { BIND, TMPFS, LAYERS }

  public SandboxMount {
    layers = layers == null ? List.of() : List.copyOf(layers);
  }

  public static SandboxMount bind(Path source, String target, boolean readOnly) {
    return new SandboxMount(Kind.BIND, target, source, readOnly, null, null, null);
  }

  public static SandboxMount tmpfs(String target, String size) {
    return new SandboxMount(Kind.TMPFS, target, null, false, size, null, null);
  }

  public static SandboxMount layers(List<Path> topFirst, String inImage, String target, boolean readOnly) {
    return new SandboxMount(Kind.LAYERS, target, null, readOnly, null, topFirst, inImage);
  }

  /**
   * Appends its fstab lines, mounting onto {@code merged}'s {@link #target}; {@code n} numbers
   * it among the sandbox's mounts, for the dirs it needs in the sandbox dir {@code box}.
   */
  void lines(Path box, String merged, int n, StringBuilder tab) throws IOException {
    String at = merged + "/" + target;
    // nodev as on the image's overlay: a device node a step makes in a cache never opens.
    String bind = readOnly ? "bind,ro,nodev" : "bind,nodev";
    switch (kind) {
      case BIND -> Sandbox.line(tab, source.toString(), at, "none", bind);
      case TMPFS -> Sandbox.line(tab, "tmpfs", at, "tmpfs", "nosuid,nodev" + (size == null ? "" : ",size=" + size));
      case LAYERS -> {
        Path dir = Files.createDirectory(box.resolve("mount-" + n));
        Path root = Files.createDirectory(dir.resolve("root"));
        List<Path> lowers = new ArrayList<>(new LinkedHashSet<>(layers));
        if (readOnly && lowers.size() < 2) {
          // An overlay without an upper dir (so read-only) needs two lowers at least.
          lowers.add(Files.createDirectory(dir.resolve("empty")));
        }
        List<String> names = new ArrayList<>();
        for (Path lower : lowers) {
          // Named by short links in the lowers dir, as the image's own lowers (see Sandbox).
          String name = "m" + n + "-" + names.size();
          Files.createSymbolicLink(box.resolve("lowers").resolve(name), lower.toAbsolutePath());
          names.add(name);
        }
        String options = "lowerdir=" + String.join(":", names);
        if (!readOnly) {
          options += ",upperdir=" + Files.createDirectory(dir.resolve("upper"))
              + ",workdir=" + Files.createDirectory(dir.resolve("work"));
        }
        Sandbox.line(tab, "overlay", root.toString(), "overlay", options + ",index=off,metacopy=off,userxattr,nodev");
        Sandbox.line(tab, inImage.isEmpty() ? root.toString() : root + "/" + inImage, at, "none", bind);
      }
    }
  }
}
