package dev.templatestudio.bridge.embedded.step;

import dev.templatestudio.bridge.context.CopySources;
import dev.templatestudio.bridge.io.SafePaths;
import dev.templatestudio.bridge.plan.StepFailure;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.GlobPattern;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Does a copy step without running anything in the image: writes the selected context files
 * straight into the step's (empty) overlay upper dir, owned by the step's user and with its
 * mode. Directories that already exist in the image keep their mode and owner.
 *
 * <p>As Docker's COPY: the destination's links are followed inside the image (a copy to
 * {@code /bin/} of a merged-/usr image lands in {@code /usr/bin}), and one file copied to a
 * folder the image has lands inside it. Below the destination, every write goes through
 * {@link UpperTree}: a symlink, whether an earlier source of this step made it or a lower
 * layer holds it, is never written through (the step fails naming it), a file or link there
 * is replaced, a folder never is. Stateless.
 */
public final class CopyIntoLayer {
  private CopyIntoLayer() {}

  public static void copy(CopyStep step, List<CopySources.Entry> entries, Path upper,
      LayerStack image, String workdir) throws IOException, StepFailure {
    ImageUser owner = step.user() == null ? null : ImageUser.resolve(step.user(), image);
    ImageUser fileOwner = owner == null ? ImageUser.ROOT : owner;
    Integer mode = step.mode() == null ? null : parseMode(step.mode());
    String dest = step.dest().startsWith("/") ? step.dest()
        : (workdir == null ? "/" : workdir) + "/" + step.dest();
    String shownDest = Path.of("/").resolve(dest).normalize().toString();
    UpperTree tree = new UpperTree(upper, image);
    String destRel;
    boolean intoFolder = entries.isEmpty() || !entries.get(0).destPath().isEmpty();
    List<CopySources.Entry> todo = entries;
    try {
      destRel = tree.resolve(shownDest);
      if (!intoFolder && tree.lookup(destRel).kind() == LayerStack.Kind.DIRECTORY) {
        CopySources.Entry only = entries.get(0);
        todo = List.of(new CopySources.Entry(only.source(), only.contextPath(), givenName(step, only), only.kind()));
        intoFolder = true;
      }
      String folder = intoFolder ? destRel : parentOf(destRel);
      boolean stepsOwn = intoFolder;
      tree.folder(folder, (rel, dir) -> {
        // A destination the step creates belongs to the step's user, as with COPY --chown.
        boolean isDest = stepsOwn && rel.equals(folder);
        setOwner(dir, isDest && owner != null ? owner : ImageUser.ROOT);
        setMode(dir, isDest && mode != null ? mode : 0755);
      });
    } catch (StepFailure e) {
      throw new StepFailure("the destination " + shownDest + " cannot be used: " + e.getMessage());
    }
    UpperTree.NewFolder inner = (rel, dir) -> {
      // A folder that .dockerignore left out while re-including something inside it.
      setOwner(dir, fileOwner);
      setMode(dir, mode != null ? mode : 0755);
    };
    for (CopySources.Entry e : todo) {
      String rel = e.destPath().isEmpty() ? destRel
          : destRel.isEmpty() ? e.destPath() : destRel + "/" + e.destPath();
      try {
        write(tree, rel, e, inner, mode, fileOwner);
      } catch (StepFailure f) {
        throw new StepFailure("\"" + e.contextPath() + "\" cannot be copied to /" + rel + ": " + f.getMessage());
      }
    }
  }

  private static void write(UpperTree tree, String rel, CopySources.Entry e, UpperTree.NewFolder inner,
      Integer mode, ImageUser owner) throws IOException, StepFailure {
    Path target;
    switch (e.kind()) {
      case DIR:
        target = tree.folder(rel, inner);
        setOwner(target, owner);
        setMode(target, mode != null ? mode : modeOf(e.source()));
        break;
      case SYMLINK:
        tree.folder(parentOf(rel), inner);
        target = tree.replaceable(rel);
        Files.createSymbolicLink(target, Files.readSymbolicLink(e.source()));
        setOwner(target, owner);
        break;
      default:
        tree.folder(parentOf(rel), inner);
        target = tree.replaceable(rel);
        copyBytes(e.source(), target);
        // The owner first: changing it clears the setuid and setgid bits.
        setOwner(target, owner);
        setMode(target, mode != null ? mode : modeOf(e.source()));
    }
  }

  /** Copies a regular file into a new file; neither end is opened through a symlink. */
  private static void copyBytes(Path source, Path target) throws IOException {
    try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
         FileChannel out = SafePaths.createFile(target)) {
      long size = in.size();
      long done = 0;
      while (done < size) {
        long n = in.transferTo(done, size - done, out);
        if (n <= 0) {
          break;
        }
        done += n;
      }
    }
  }

  /** The name one file copied into a folder gets: as its source names it, or as the pattern matched it. */
  private static String givenName(CopyStep step, CopySources.Entry entry) {
    String raw = step.sources().get(0).replace('\\', '/').replaceAll("/+$", "");
    String named = GlobPattern.hasMeta(raw) || raw.isEmpty() ? entry.contextPath() : raw;
    return named.substring(named.lastIndexOf('/') + 1);
  }

  private static String parentOf(String rel) {
    int slash = rel.lastIndexOf('/');
    return slash < 0 ? "" : rel.substring(0, slash);
  }

  static int parseMode(String mode) throws StepFailure {
    try {
      int m = Integer.parseInt(mode, 8);
      if (m < 0 || m > 07777) {
        throw new NumberFormatException();
      }
      return m;
    } catch (NumberFormatException e) {
      throw new StepFailure("copy mode \"" + mode + "\" is not an octal file mode such as 0755");
    }
  }

  private static int modeOf(Path p) throws IOException {
    return ((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 07777;
  }

  private static void setMode(Path p, int mode) throws IOException {
    Files.setAttribute(p, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
  }

  private static void setOwner(Path p, ImageUser user) throws IOException {
    Files.setAttribute(p, "unix:uid", user.uid(), LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(p, "unix:gid", user.gid(), LinkOption.NOFOLLOW_LINKS);
  }
}
