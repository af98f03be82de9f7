package dev.templatestudio.bridge.docker;

import dev.templatestudio.bridge.context.CopySources;
import dev.templatestudio.bridge.plan.StepFailure;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.GlobPattern;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
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

  /**
   * Reads {@code step}'s sources from container {@code container} (of {@code shownFrom}) into
   * {@code into}; what is not copied (devices, fifos, sockets) is named in {@code skipped}.
   */
  static List<CopySources.Entry> select(DockerApi api, String container, CopyStep step, String shownFrom, Path into,
      List<String> skipped) throws IOException, StepFailure {
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
      Path top = extract(api, container, shown, root, skipped);
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
  private static Path extract(DockerApi api, String container, String path, Path root, List<String> skipped)
      throws IOException, StepFailure {
    try (DockerHttp.Response r = api.getArchive(container, path)) {
      return unpack(r.body, path, root, skipped);
    }
  }

  /**
   * Unpacks {@code archive} (the engine's tar of {@code path}) under {@code root} with the rules
   * of the embedded runtime's layer extraction: no entry lands outside {@code root} or through a
   * symlink an earlier entry made (a later entry under one ends the step: an engine's tar of a
   * real tree never has one); a symlink stays a symlink, never followed; a hard link stays a
   * link to a file extracted before it inside {@code root}; modes keep setuid, setgid and sticky;
   * devices, fifos and sockets are skipped, their names added to {@code skipped}.
   *
   * @return what {@code path} became under {@code root}
   */
  static Path unpack(InputStream archive, String path, Path root, List<String> skipped)
      throws IOException, StepFailure {
    Path top = null;
    TarArchiveInputStream tar = new TarArchiveInputStream(archive);
    for (TarArchiveEntry e = tar.getNextTarEntry(); e != null; e = tar.getNextTarEntry()) {
      Path target = inside(root, e.getName(), path);
      top = top == null ? root.resolve(root.relativize(target).getName(0)) : top;
      noLinkOnTheWay(root, target.getParent(), e.getName(), path);
      Files.createDirectories(target.getParent());
      if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
        // Asked first: commons-compress calls every entry that is not a folder a file.
        skipped.add(e.getName());
        continue;
      }
      if (e.isDirectory()) {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
          Files.delete(target);
        }
        Files.createDirectories(target);
      } else if (e.isSymbolicLink()) {
        replaceable(target);
        Files.createSymbolicLink(target, Path.of(e.getLinkName()));
        continue;
      } else if (e.isLink()) {
        Path existing = inside(root, e.getLinkName(), path);
        noLinkOnTheWay(root, existing.getParent(), e.getLinkName(), path);
        if (!Files.isRegularFile(existing, LinkOption.NOFOLLOW_LINKS)) {
          throw new StepFailure("the engine's archive of " + path + " holds a hard link " + e.getName() + " to "
              + e.getLinkName() + ", which is not a file before it");
        }
        replaceable(target);
        Files.createLink(target, existing);
        continue;
      } else {
        Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
      }
      Files.setAttribute(target, "unix:mode", e.getMode() & 07777, LinkOption.NOFOLLOW_LINKS);
    }
    if (top == null) {
      throw new StepFailure("the engine sent nothing for " + path);
    }
    if (!Files.exists(top, LinkOption.NOFOLLOW_LINKS)) {
      throw new StepFailure(path + " is a device, fifo or socket, which a copy never takes");
    }
    return top;
  }

  /** Where archive name {@code name} lands under {@code root}, refusing a name that leaves it. */
  private static Path inside(Path root, String name, String path) throws StepFailure {
    Path target = root.resolve(name).normalize();
    if (!target.startsWith(root) || target.equals(root)) {
      throw new StepFailure("the engine's archive of " + path + " holds a path outside it: " + name);
    }
    return target;
  }

  /** Refuses an entry whose folder, below {@code root}, passes through a symlink: it would be followed. */
  private static void noLinkOnTheWay(Path root, Path dir, String name, String path) throws StepFailure {
    for (Path p = dir; p != null && !p.equals(root); p = p.getParent()) {
      if (Files.isSymbolicLink(p)) {
        throw new StepFailure("the engine's archive of " + path + " puts " + name + " under the symlink "
            + root.relativize(p) + ", which is never followed");
      }
    }
  }

  /** Takes away a file or link already at {@code target} (a later entry wins, as in tar); a folder stays and fails. */
  private static void replaceable(Path target) throws IOException {
    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      Files.deleteIfExists(target);
    }
  }
}
