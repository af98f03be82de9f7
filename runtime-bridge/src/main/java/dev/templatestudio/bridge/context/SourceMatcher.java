package dev.templatestudio.bridge.context;

import dev.templatestudio.bridge.template.GlobPattern;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Expands a copy source that holds wildcards into the context paths it matches, as Docker's
 * {@code COPY} does: one path segment at a time with Go {@code filepath.Match} rules (see
 * {@link GlobPattern}), over the context as {@code .dockerignore} leaves it, in name order.
 * Directories reached through a symbolic link that leaves the context are not searched.
 * Stateless.
 */
final class SourceMatcher {
  private SourceMatcher() {}

  /**
   * The paths under {@code root} (a real path) that {@code relative} matches.
   *
   * @param relative a normalised, slash-separated pattern relative to the context
   */
  static List<Path> expand(Path root, String relative, DockerIgnore ignore, String raw)
      throws CopySourceException, IOException {
    List<Path> current = List.of(root);
    String[] segments = relative.split("/");
    for (int s = 0; s < segments.length; s++) {
      String segment = segments[s];
      boolean last = s == segments.length - 1;
      List<Path> next = new ArrayList<>();
      for (Path dir : current) {
        if (!Files.isDirectory(dir) || !dir.toRealPath().startsWith(root)) {
          continue;
        }
        if (!GlobPattern.hasMeta(segment)) {
          Path p = dir.resolve(segment);
          if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            next.add(p);
          }
        } else {
          next.addAll(list(dir, compile(segment, raw)));
        }
      }
      current = visible(root, next, ignore, last);
    }
    return current;
  }

  private static Pattern compile(String segment, String raw) throws CopySourceException {
    try {
      return GlobPattern.compile(segment);
    } catch (GlobPattern.BadPattern e) {
      throw new CopySourceException("copy source \"" + raw + "\" is not a valid pattern: " + e.getMessage());
    }
  }

  private static List<Path> list(Path dir, Pattern pattern) throws IOException {
    try (Stream<Path> children = Files.list(dir)) {
      return children.filter(c -> pattern.matcher(c.getFileName().toString()).matches())
          .sorted()
          .collect(Collectors.toList());
    }
  }

  /** Drops what {@code .dockerignore} hides; a hidden dir stays when a rule may re-include inside it. */
  private static List<Path> visible(Path root, List<Path> paths, DockerIgnore ignore, boolean last)
      throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path p : paths) {
      String ctx = root.relativize(p).toString();
      if (!ignore.excludes(ctx)) {
        out.add(p);
      } else if (ignore.hasReinclusion() && Files.isDirectory(p) && (!last || hasVisible(root, p, ignore))) {
        out.add(p);
      }
    }
    return out;
  }

  private static boolean hasVisible(Path root, Path dir, DockerIgnore ignore) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.anyMatch(p -> !p.equals(dir) && !ignore.excludes(root.relativize(p).toString()));
    }
  }
}
