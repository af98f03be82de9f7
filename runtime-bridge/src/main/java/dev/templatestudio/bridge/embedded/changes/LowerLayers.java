package dev.templatestudio.bridge.embedded.changes;

import dev.templatestudio.bridge.changes.FileChange;
import dev.templatestudio.bridge.embedded.step.LayerStack;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The image as it was below a step: its unpacked lower layers read as overlayfs merges them
 * ({@link LayerStack}: no host link followed). Lookups are cached only for a while, as a layer
 * of a million paths would otherwise keep a million lookups; the folders a removal walks are
 * bounded by {@link #WALK_LIMIT} files in all. One thread.
 */
final class LowerLayers {
  /** Lookups kept before the cache starts over: the paths of a tar come folder by folder. */
  private static final int CACHE_SPAN = 4096;
  /** Files looked at, in all, to size removed folders and list opaque ones. */
  static final int WALK_LIMIT = 200_000;

  private final List<Path> topFirst;
  private LayerStack stack;
  private int lookups;
  private int walked;

  /** What a path was below the step. */
  record Before(FileChange.Type type, long size) {}

  LowerLayers(List<Path> topFirst) {
    this.topFirst = topFirst;
    this.stack = new LayerStack(topFirst);
  }

  /** The path ("a/b", relative to the root) below the step; null when absent there. */
  Before lookup(String relative) throws IOException {
    LayerStack.Node node = stack().lookup(relative);
    if (node.kind() == LayerStack.Kind.ABSENT) {
      return null;
    }
    switch (node.kind()) {
      case DIRECTORY:
        return new Before(FileChange.Type.DIR, 0);
      case SYMLINK:
        return new Before(FileChange.Type.LINK, 0);
      case FILE:
        return new Before(FileChange.Type.FILE,
            Files.readAttributes(node.path(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).size());
      default:
        return new Before(FileChange.Type.OTHER, 0);
    }
  }

  /** The bytes of the files a folder held below the step, counted in each layer's copy of it. */
  long folderSize(String relative) throws IOException {
    long[] sum = {0};
    for (Path copy : stack().folderLayers(relative)) {
      Files.walkFileTree(copy.resolve(relative), new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (++walked > WALK_LIMIT) {
            return FileVisitResult.TERMINATE;
          }
          if (attrs.isRegularFile()) {
            sum[0] += attrs.size();
          }
          return FileVisitResult.CONTINUE;
        }
      });
    }
    return sum[0];
  }

  /** The names a folder held below the step (merged over its layers' copies), sorted. */
  Set<String> children(String relative) throws IOException {
    Set<String> names = new TreeSet<>();
    for (Path copy : stack().folderLayers(relative)) {
      try (DirectoryStream<Path> dir = Files.newDirectoryStream(copy.resolve(relative))) {
        for (Path p : dir) {
          if (++walked > WALK_LIMIT) {
            return names;
          }
          names.add(p.getFileName().toString());
        }
      }
    }
    return names;
  }

  private LayerStack stack() {
    if (++lookups % CACHE_SPAN == 0) {
      stack = new LayerStack(topFirst);
    }
    return stack;
  }
}
