package dev.templatestudio.bridge.docker;

import dev.templatestudio.bridge.context.CopySources;
import dev.templatestudio.bridge.plan.StepFailure;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.GlobPattern;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The files a copy step with {@code from} (a stage's or an image's) takes, as {@code COPY --from}
 * does (embedded.step.StageFiles): each source path is read from a container of that image
 * through the engine's archive API into a host folder; a folder's contents land in the
 * destination, a file at it (or inside it, for a destination ending in {@code /}). The entries
 * then go in as a context copy's do ({@link CopyArchive}). One thread.
 */
final class CopyFrom {
  private CopyFrom() {}

  /** Reads {@code step}'s sources from container {@code container} (of {@code shownFrom}) into {@code into}. */
  static List<CopySources.Entry> select(DockerApi api, String container, CopyStep step, String shownFrom, Path into)
      throws IOException, StepFailure {
    boolean intoDir = step.dest().endsWith("/") || step.dest().equals(".") || step.dest().endsWith("/.");
    if (step.sources().size() > 1 && !intoDir) {
      throw new StepFailure("copy has " + step.sources().size() + " sources, so its destination \"" + step.dest()
          + "\" must be a directory ending with \"/\", as in Docker");
    }
    List<CopySources.Entry> out = new ArrayList<>();
    int n = 0;
    for (String raw : step.sources()) {
      String shown = Path.of("/").resolve(raw.replace('\\', '/')).normalize().toString();
      if (GlobPattern.hasMeta(shown)) {
        throw new StepFailure("copy pattern \"" + raw + "\" from " + shownFrom
            + " is not built by the docker runtime yet; name the path, or use --runtime embedded");
      }
      if (api.stat(container, shown).isEmpty()) {
        throw new StepFailure("copy source " + shown + " does not exist in " + shownFrom);
      }
      Path root = Files.createDirectories(into.resolve("source-" + n++));
      Path top = extract(api, container, shown, root);
      if (Files.isDirectory(top, LinkOption.NOFOLLOW_LINKS)) {
        walk(top, top, out);
      } else {
        out.add(new CopySources.Entry(top, shown, intoDir ? top.getFileName().toString() : "",
            Files.isSymbolicLink(top) ? CopySources.Kind.SYMLINK : CopySources.Kind.FILE));
      }
    }
    return out;
  }

  private static void walk(Path top, Path dir, List<CopySources.Entry> out) throws IOException {
    List<Path> children;
    try (Stream<Path> list = Files.list(dir)) {
      children = list.sorted().toList();
    }
    for (Path p : children) {
      String rel = top.relativize(p).toString();
      if (Files.isSymbolicLink(p)) {
        out.add(new CopySources.Entry(p, rel, rel, CopySources.Kind.SYMLINK));
      } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        out.add(new CopySources.Entry(p, rel, rel, CopySources.Kind.DIR));
        walk(top, p, out);
      } else {
        out.add(new CopySources.Entry(p, rel, rel, CopySources.Kind.FILE));
      }
    }
  }

  /** Unpacks the archive of {@code path} under {@code root}; returns what the path became there. */
  private static Path extract(DockerApi api, String container, String path, Path root) throws IOException, StepFailure {
    Path top = null;
    try (DockerHttp.Response r = api.getArchive(container, path);
         TarArchiveInputStream tar = new TarArchiveInputStream(r.body)) {
      for (TarArchiveEntry e = tar.getNextTarEntry(); e != null; e = tar.getNextTarEntry()) {
        Path target = root.resolve(e.getName()).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
          throw new StepFailure("the engine's archive of " + path + " holds a path outside it: " + e.getName());
        }
        top = top == null ? root.resolve(root.relativize(target).getName(0)) : top;
        Files.createDirectories(target.getParent());
        if (e.isDirectory()) {
          Files.createDirectories(target);
        } else if (e.isSymbolicLink()) {
          Files.createSymbolicLink(target, Path.of(e.getLinkName()));
          continue;
        } else if (e.isFile()) {
          Files.copy(tar, target);
        } else {
          continue;
        }
        Files.setPosixFilePermissions(target, permissions(e.getMode()));
      }
    }
    if (top == null) {
      throw new StepFailure("the engine sent nothing for " + path);
    }
    return top;
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = java.util.EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = PosixFilePermission.values();
    // OWNER_READ … OTHERS_EXECUTE are bits 8 … 0 in that order.
    for (int b = 0; b < 9; b++) {
      if ((mode & (1 << (8 - b))) != 0) {
        set.add(bits[b]);
      }
    }
    return set;
  }
}
