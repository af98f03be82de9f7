package dev.templatestudio.bridge.embedded.step;

import dev.templatestudio.bridge.io.SafePaths;
import dev.templatestudio.bridge.plan.StepFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A step's fresh overlay upper dir over the image's layers, as the engine writes into it
 * itself (copy steps, working directories): every path is looked up in the merged view (this
 * upper over the {@link LayerStack}), and written only through folders, never through a
 * symbolic link, whether an earlier write of this step made it or a lower layer holds it.
 * Folders are made one component at a time in the upper by {@link SafePaths}, a lower folder's
 * mode and owner copied up as overlayfs would. Nothing else writes into the upper meanwhile.
 * One thread.
 */
public final class UpperTree {
  /** Gives a folder this step makes (one the image does not have) its mode and owner. */
  @FunctionalInterface
  public interface NewFolder {
    void made(String relative, Path dir) throws IOException;
  }

  private final SafePaths upper;
  private final LayerStack lowers;

  public UpperTree(Path upper, LayerStack lowers) {
    this.upper = new SafePaths(upper);
    this.lowers = lowers;
  }

  /** What {@code relative} is in the merged view, this upper first. */
  public LayerStack.Node lookup(String relative) throws IOException {
    Path own = upper.inside(relative);
    if (own == null) {
      // Below a file or link of this upper, which hides whatever the layers have there.
      return LayerStack.Node.ABSENT;
    }
    BasicFileAttributes attrs = lstat(own);
    if (attrs != null) {
      return new LayerStack.Node(attrs.isDirectory() ? LayerStack.Kind.DIRECTORY
          : attrs.isSymbolicLink() ? LayerStack.Kind.SYMLINK
          : attrs.isRegularFile() ? LayerStack.Kind.FILE : LayerStack.Kind.OTHER, own);
    }
    return lowers.lookup(relative);
  }

  /** {@link LayerStack#resolve} over the merged view: links followed inside the image only. */
  public String resolve(String absolutePath) throws IOException, StepFailure {
    return LayerStack.resolve(absolutePath, this::lookup);
  }

  /**
   * Makes {@code relative} a folder in the upper: each component must be a folder of the image
   * or missing (then {@code fresh} gives it its mode and owner).
   *
   * @return the folder in the upper
   * @throws StepFailure naming the component (as the image sees it) that is a link or a file
   */
  public Path folder(String relative, NewFolder fresh) throws IOException, StepFailure {
    if (relative.isEmpty()) {
      return upper.root();
    }
    String[] parts = relative.split("/");
    StringBuilder prefix = new StringBuilder();
    Path dir = upper.root();
    for (String part : parts) {
      prefix.append(prefix.length() == 0 ? "" : "/").append(part);
      String rel = prefix.toString();
      LayerStack.Node node = lookup(rel);
      dir = dir.resolve(part);
      if (node.kind() == LayerStack.Kind.DIRECTORY && node.path().equals(dir)) {
        upper.markDirectory(rel);
        continue;
      }
      refuseNonFolder(rel, node);
      if (upper.inside(rel) == null) {
        throw new IllegalStateException("a parent of " + rel + " in the upper dir is not a folder");
      }
      Files.createDirectory(dir);
      upper.markDirectory(rel);
      if (node.kind() == LayerStack.Kind.DIRECTORY) {
        copyAttributes(node.path(), dir);
      } else {
        fresh.made(rel, dir);
      }
    }
    return dir;
  }

  /**
   * Clears the way for a file or symlink at {@code relative}, whose parent {@link #folder} has
   * made: what an earlier write put there (a file, a link) is removed, never followed; a folder
   * is never replaced.
   *
   * @return the path in the upper to create the entry at (with {@link SafePaths#createFile})
   */
  public Path replaceable(String relative) throws IOException, StepFailure {
    LayerStack.Node node = lookup(relative);
    if (node.kind() == LayerStack.Kind.DIRECTORY) {
      throw new StepFailure("/" + relative + " is a folder, which a file never replaces");
    }
    Path own = upper.inside(relative);
    if (own == null) {
      throw new IllegalStateException("a parent of " + relative + " in the upper dir is not a folder");
    }
    if (lstat(own) != null) {
      Files.delete(own);
    }
    return own;
  }

  private static void refuseNonFolder(String rel, LayerStack.Node node) throws StepFailure {
    if (node.kind() == LayerStack.Kind.SYMLINK) {
      throw new StepFailure("/" + rel + " is a symbolic link, and a copy never writes through one");
    }
    if (node.kind() != LayerStack.Kind.ABSENT && node.kind() != LayerStack.Kind.DIRECTORY) {
      throw new StepFailure("/" + rel + " is a file, not a folder");
    }
  }

  private static void copyAttributes(Path from, Path to) throws IOException {
    var attrs = Files.readAttributes(from, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(to, "unix:uid", attrs.get("uid"), LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(to, "unix:gid", attrs.get("gid"), LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(to, "unix:mode", (Integer) attrs.get("mode") & 07777, LinkOption.NOFOLLOW_LINKS);
  }

  private static BasicFileAttributes lstat(Path p) throws IOException {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    }
  }
}
