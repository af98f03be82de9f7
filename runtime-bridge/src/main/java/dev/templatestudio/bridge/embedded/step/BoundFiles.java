package dev.templatestudio.bridge.embedded.step;

import dev.templatestudio.bridge.context.CopySources;
import dev.templatestudio.bridge.io.SafePaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * The copy a bind mount of context files binds: exactly the selected (and hashed) files, with
 * their modes, links as links, in a fresh folder of the step's scratch. Files belong to whoever
 * runs the engine (root, or the user whose user namespace maps it to root), as no chown is
 * needed for a step's root to own them. Writes only through {@link SafePaths}. Stateless.
 */
public final class BoundFiles {
  private BoundFiles() {}

  /**
   * Copies {@code entries} to {@code into}/{@code name}: a file when they are one file given by
   * name, else a folder (mode 0755) holding them.
   *
   * @return the copy
   */
  public static Path copy(List<CopySources.Entry> entries, Path into, String name) throws IOException {
    SafePaths paths = new SafePaths(into);
    if (entries.size() == 1 && entries.get(0).destPath().isEmpty() && entries.get(0).kind() == CopySources.Kind.FILE) {
      Path file = paths.prepare(name, false);
      write(entries.get(0).source(), file);
      return file;
    }
    Path root = paths.ensureDirectory(name);
    Files.setAttribute(root, "unix:mode", 0755, LinkOption.NOFOLLOW_LINKS);
    for (CopySources.Entry e : entries) {
      String rel = name + "/" + e.destPath();
      Path target = paths.prepare(rel, e.kind() == CopySources.Kind.DIR);
      if (target == null) {
        throw new IOException("a parent of " + e.contextPath() + " in the bind mount's copy is not a folder");
      }
      switch (e.kind()) {
        case DIR -> {
          paths.ensureDirectory(rel);
          Files.setAttribute(target, "unix:mode", mode(e.source()), LinkOption.NOFOLLOW_LINKS);
        }
        case SYMLINK -> Files.createSymbolicLink(target, Files.readSymbolicLink(e.source()));
        case FILE -> write(e.source(), target);
      }
    }
    return root;
  }

  /** A new file at {@code target} (never through a link) with {@code source}'s bytes and mode. */
  private static void write(Path source, Path target) throws IOException {
    try (FileChannel out = SafePaths.createFile(target);
        InputStream in = Files.newInputStream(source, LinkOption.NOFOLLOW_LINKS)) {
      in.transferTo(Channels.newOutputStream(out));
    }
    Files.setAttribute(target, "unix:mode", mode(source), LinkOption.NOFOLLOW_LINKS);
  }

  private static int mode(Path p) throws IOException {
    return ((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 07777;
  }
}
