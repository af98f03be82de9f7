package dev.templatestudio.bridge.remote;

import dev.templatestudio.bridge.context.DockerIgnore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What of a context folder a remote runtime receives, in the one order both the context tar and
 * the context manifest use: everything {@code .dockerignore} leaves (as Docker sends it), plus
 * the {@code .dockerignore} itself so the server applies the same rules to the copy steps;
 * children in name order, each directory before what it holds. Stateless.
 */
final class ContextFiles {
  private ContextFiles() {}

  /** Receives each path kept, relative and slash-separated, with its file. */
  @FunctionalInterface
  interface Visitor {
    void visit(String relative, Path file, boolean directory) throws IOException;
  }

  /** Walks the context at real path {@code root}. */
  static void walk(Path root, Visitor visitor) throws IOException {
    walk(root, root, DockerIgnore.load(root), visitor);
  }

  private static void walk(Path root, Path dir, DockerIgnore ignore, Visitor visitor) throws IOException {
    List<Path> children = new ArrayList<>();
    try (Stream<Path> list = Files.list(dir)) {
      list.forEach(children::add);
    }
    children.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
    for (Path child : children) {
      String rel = root.relativize(child).toString().replace('\\', '/');
      boolean excluded = ignore.excludes(rel) && !rel.equals(".dockerignore");
      if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
        if (!excluded) {
          visitor.visit(rel, child, true);
        }
        // A rule may re-include something inside an excluded directory, as Docker allows.
        if (!excluded || ignore.hasReinclusion()) {
          walk(root, child, ignore, visitor);
        }
      } else if (!excluded) {
        visitor.visit(rel, child, false);
      }
    }
  }
}
