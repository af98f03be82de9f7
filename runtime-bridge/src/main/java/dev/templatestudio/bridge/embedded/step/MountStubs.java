package dev.templatestudio.bridge.embedded.step;

import dev.templatestudio.bridge.io.SafePaths;
import dev.templatestudio.bridge.plan.StepFailure;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The mount points a run step's mounts need, made in its upper dir before the sandbox starts
 * (the kernel mounts only onto what exists) and taken out again before the layer is captured,
 * as BuildKit removes its mount stubs: a folder or empty file made only to mount onto never
 * reaches the image. What the step filled stays. One thread, the step's.
 */
public final class MountStubs {
  private final Path upper;
  private final UpperTree tree;
  /** Relative paths this made in the upper, parents first. */
  private final List<String> made = new ArrayList<>();

  public MountStubs(Path upper, UpperTree tree) {
    this.upper = upper;
    this.tree = tree;
  }

  /**
   * Makes {@code relative} (resolved inside the image, link-free) a folder, or a file when
   * {@code folder} is false, unless the image has one there.
   *
   * @throws StepFailure when the image has something else there
   */
  public void ensure(String relative, boolean folder) throws IOException, StepFailure {
    LayerStack.Kind kind = tree.lookup(relative).kind();
    if (kind == (folder ? LayerStack.Kind.DIRECTORY : LayerStack.Kind.FILE)) {
      return;
    }
    if (kind != LayerStack.Kind.ABSENT) {
      throw new StepFailure("/" + relative + (folder ? " is not a folder, and a folder is mounted there"
          : " is not a file, and a file is mounted there"));
    }
    SafePaths paths = new SafePaths(upper);
    List<String> absent = new ArrayList<>();
    StringBuilder prefix = new StringBuilder();
    for (String part : relative.split("/")) {
      prefix.append(prefix.length() == 0 ? "" : "/").append(part);
      Path p = paths.inside(prefix.toString());
      if (p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        absent.add(prefix.toString());
      }
    }
    int slash = relative.lastIndexOf('/');
    tree.folder(folder ? relative : slash < 0 ? "" : relative.substring(0, slash),
        (rel, dir) -> Files.setAttribute(dir, "unix:mode", 0755));
    if (!folder) {
      SafePaths.createFile(tree.replaceable(relative)).close();
    }
    made.addAll(absent);
  }

  /**
   * Removes what {@link #ensure} made that is still an empty folder or an empty file, deepest
   * first. The step has ended: nothing changes the upper meanwhile, and no link it left is
   * followed (a path below one is left alone).
   */
  public void remove() throws IOException {
    SafePaths paths = new SafePaths(upper);
    for (int k = made.size() - 1; k >= 0; k--) {
      Path p = paths.inside(made.get(k));
      BasicFileAttributes a = p == null ? null : lstat(p);
      if (a == null || !(a.isDirectory() ? isEmpty(p) : a.isRegularFile() && a.size() == 0)) {
        continue;
      }
      Files.delete(p);
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      return !entries.iterator().hasNext();
    }
  }

  private static BasicFileAttributes lstat(Path p) throws IOException {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    }
  }
}
