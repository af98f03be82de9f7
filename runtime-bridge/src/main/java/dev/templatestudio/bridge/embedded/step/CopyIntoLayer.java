package dev.templatestudio.bridge.embedded.step;

import dev.templatestudio.bridge.embedded.cache.CopySources;
import dev.templatestudio.bridge.template.CopyStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * Does a copy step without running anything in the image: writes the selected context files
 * straight into the step's (empty) overlay upper dir, owned by the step's user and with its
 * mode. Directories that already exist in the image keep their mode and owner. Stateless.
 */
public final class CopyIntoLayer {
  private CopyIntoLayer() {}

  public static void copy(CopyStep step, List<CopySources.Entry> entries, Path upper,
      LayerStack image, String workdir) throws IOException, StepFailure {
    ImageUser owner = step.user() == null ? null : ImageUser.resolve(step.user(), image);
    Integer mode = step.mode() == null ? null : parseMode(step.mode());
    String dest = step.dest().startsWith("/") ? step.dest()
        : (workdir == null ? "/" : workdir) + "/" + step.dest();
    String destRel = LayerStack.relative(Path.of("/").resolve(dest).normalize().toString());
    Path destRoot = destRel.isEmpty() ? upper : upper.resolve(destRel);
    if (!destRoot.normalize().startsWith(upper)) {
      throw new StepFailure("copy destination \"" + step.dest() + "\" is outside the image");
    }
    boolean destIsDir = entries.isEmpty() || !entries.get(0).destPath().isEmpty();
    makeDirs(upper, destIsDir ? destRel : parentOf(destRel), image, owner, destIsDir ? mode : null);
    for (CopySources.Entry e : entries) {
      Path target = e.destPath().isEmpty() ? destRoot : destRoot.resolve(e.destPath());
      switch (e.kind()) {
        case DIR:
          Files.createDirectories(target);
          setMode(target, mode != null ? mode : modeOf(e.source()));
          break;
        case SYMLINK:
          Files.deleteIfExists(target);
          Files.createSymbolicLink(target, Files.readSymbolicLink(e.source()));
          break;
        default:
          Files.copy(e.source(), target, StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
          setMode(target, mode != null ? mode : modeOf(e.source()));
      }
      setOwner(target, owner == null ? ImageUser.ROOT : owner);
    }
  }

  /** Creates {@code rel} and its parents in the upper dir, copying attributes of dirs the image has. */
  private static void makeDirs(Path upper, String rel, LayerStack image, ImageUser owner, Integer destMode)
      throws IOException {
    if (rel.isEmpty()) {
      return;
    }
    String[] parts = rel.split("/");
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      path.append('/').append(parts[i]);
      Path dir = upper.resolve(path.substring(1));
      if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      Files.createDirectory(dir);
      Optional<Path> existing = image.find(path.toString());
      if (existing.isPresent() && Files.isDirectory(existing.get(), LinkOption.NOFOLLOW_LINKS)) {
        setMode(dir, modeOf(existing.get()));
        Files.setAttribute(dir, "unix:uid", Files.getAttribute(existing.get(), "unix:uid", LinkOption.NOFOLLOW_LINKS));
        Files.setAttribute(dir, "unix:gid", Files.getAttribute(existing.get(), "unix:gid", LinkOption.NOFOLLOW_LINKS));
      } else {
        boolean dest = i == parts.length - 1;
        setMode(dir, dest && destMode != null ? destMode : 0755);
        // A destination the step creates belongs to the step's user, as with COPY --chown.
        setOwner(dir, dest && owner != null ? owner : ImageUser.ROOT);
      }
    }
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
