package dev.templatestudio.bridge.context;

import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.GlobPattern;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Which files of the build context a copy step takes, with Docker's rules: a source may be a
 * pattern ({@code *.py}, see {@link GlobPattern}) standing for the paths it matches; a file lands
 * at the destination (or inside it, when it ends with {@code /}, which several sources or
 * matches require);
 * a directory source's contents land inside the destination. Sources must stay inside the
 * context, also through symbolic links; links found inside a source directory are copied as
 * links, never followed. {@code .dockerignore} applies. Stateless.
 */
public final class CopySources {
  private CopySources() {}

  /** A file, directory or symbolic link to copy. */
  public enum Kind { FILE, DIR, SYMLINK }

  /**
   * One thing to copy.
   *
   * @param contextPath its path relative to the context, slash-separated (as people know it)
   * @param destPath    where it goes, relative to the step's destination ("" = the destination itself)
   */
  public record Entry(Path source, String contextPath, String destPath, Kind kind) {}

  /** The entries of a copy step, in a stable order. */
  public static List<Entry> select(Path context, CopyStep step, DockerIgnore ignore)
      throws CopySourceException, IOException {
    Path root = context.toRealPath();
    List<Path[]> matched = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (String raw : step.sources()) {
      String rel = normalise(raw);
      Path abs = root.resolve(rel).normalize();
      if (!abs.startsWith(root)) {
        throw new CopySourceException("copy source \"" + raw + "\" is outside the build context " + context);
      }
      if (GlobPattern.hasMeta(rel)) {
        List<Path> found = SourceMatcher.expand(root, root.relativize(abs).toString(), ignore, raw);
        if (found.isEmpty()) {
          throw new CopySourceException("no source files were specified: copy pattern \"" + raw
              + "\" matches nothing in the build context " + context + " (after .dockerignore)");
        }
        for (Path p : found) {
          String shown = "\"" + root.relativize(p) + "\" (matched by \"" + raw + "\")";
          matched.add(new Path[] {p, inside(root, p, shown, context)});
          names.add(root.relativize(p).toString());
        }
      } else {
        if (!Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
          throw new CopySourceException("copy source \"" + raw + "\" does not exist in the build context " + context);
        }
        matched.add(new Path[] {abs, inside(root, abs, "\"" + raw + "\"", context)});
        names.add(rel);
      }
    }
    boolean intoDir = isDirectory(step.dest());
    if (matched.size() > 1 && !intoDir) {
      throw new CopySourceException("copy has " + matched.size() + " sources (" + shortList(names)
          + "), so its destination \"" + step.dest() + "\" must be a directory ending with \"/\", as in Docker");
    }
    List<Entry> out = new ArrayList<>();
    for (int i = 0; i < matched.size(); i++) {
      Path abs = matched.get(i)[0];
      Path real = matched.get(i)[1];
      if (Files.isDirectory(real)) {
        walk(root, real, ignore, out);
      } else if (Files.isRegularFile(real) && !ignore.excludes(root.relativize(real).toString())) {
        String name = abs.getFileName() == null ? real.getFileName().toString() : abs.getFileName().toString();
        out.add(new Entry(real, root.relativize(real).toString(), intoDir ? name : "", Kind.FILE));
      } else {
        throw new CopySourceException("copy source \"" + names.get(i) + "\" is excluded by .dockerignore "
            + "or is not a regular file");
      }
    }
    return out;
  }

  /** The real path of {@code abs}, which must stay inside the context. */
  private static Path inside(Path root, Path abs, String shown, Path context)
      throws CopySourceException, IOException {
    Path real;
    try {
      real = abs.toRealPath();
    } catch (FileSystemException e) {
      if (!Files.isSymbolicLink(abs)) {
        throw e;
      }
      // A link to nothing, or links in a loop (ELOOP): nothing to copy, and nothing to tell of the host.
      throw new CopySourceException("copy source " + shown + " is a symbolic link that leads nowhere "
          + "(its target is missing, or links loop) in the build context " + context);
    }
    if (!real.startsWith(root)) {
      throw new CopySourceException("copy source " + shown + " leads through a symbolic link "
          + "to outside the build context " + context);
    }
    return real;
  }

  /** A destination Docker treats as a directory: ends with {@code /} (or is {@code .}). */
  static boolean isDirectory(String dest) {
    return dest.endsWith("/") || dest.equals(".") || dest.endsWith("/.");
  }

  private static String shortList(List<String> names) {
    int shown = Math.min(names.size(), 3);
    String list = String.join(", ", names.subList(0, shown));
    return names.size() > shown ? list + " and " + (names.size() - shown) + " more" : list;
  }

  private static void walk(Path root, Path dir, DockerIgnore ignore, List<Entry> out) throws IOException {
    List<Entry> found = new ArrayList<>();
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
        String ctx = root.relativize(d).toString();
        if (!d.equals(dir) && ignore.excludes(ctx) && !ignore.hasReinclusion()) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        if (!d.equals(dir) && !ignore.excludes(ctx)) {
          found.add(new Entry(d, ctx, dir.relativize(d).toString(), Kind.DIR));
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
        String ctx = root.relativize(f).toString();
        if (ignore.excludes(ctx)) {
          return FileVisitResult.CONTINUE;
        }
        if (attrs.isSymbolicLink()) {
          found.add(new Entry(f, ctx, dir.relativize(f).toString(), Kind.SYMLINK));
        } else if (attrs.isRegularFile()) {
          found.add(new Entry(f, ctx, dir.relativize(f).toString(), Kind.FILE));
        }
        // Sockets, fifos and devices are not build inputs.
        return FileVisitResult.CONTINUE;
      }
    });
    found.sort((a, b) -> a.destPath().compareTo(b.destPath()));
    out.addAll(found);
  }

  /** Docker reads sources relative to the context even when they start with {@code /}. */
  private static String normalise(String raw) {
    String s = raw.replace('\\', '/');
    while (s.startsWith("/")) {
      s = s.substring(1);
    }
    return s.isEmpty() ? "." : s;
  }
}
