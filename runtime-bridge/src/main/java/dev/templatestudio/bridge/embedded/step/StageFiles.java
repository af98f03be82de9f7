package dev.templatestudio.bridge.embedded.step;

import dev.templatestudio.bridge.context.CopySources;
import dev.templatestudio.bridge.plan.StepFailure;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.GlobPattern;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which files a copy step with {@code from} takes from the stage's or image's file system, as
 * {@code COPY --from} does: a source is a path in that file system (absolute or not, the same),
 * its links followed inside it; a pattern ({@code *}, {@code ?}, {@code [...]}) matches one
 * path segment at a time, in name order; a directory's contents land in the destination, a file
 * at it (or inside it, for a destination ending in {@code /}, which several sources need).
 * The entries' sources are files of the store's unpacked layers, read and never written.
 * Stateless.
 */
public final class StageFiles {
  private StageFiles() {}

  /** The entries of {@code step} in {@code from}; {@code shownFrom} names it in a failure ("stage build"). */
  public static List<CopySources.Entry> select(CopyStep step, LayerStack from, String shownFrom)
      throws StepFailure, IOException {
    List<String> matched = new ArrayList<>();
    for (String raw : step.sources()) {
      String rel = LayerStack.relative(raw.replace('\\', '/'));
      List<String> found = GlobPattern.hasMeta(rel) ? expand(from, rel, raw) : List.of(rel);
      if (found.isEmpty()) {
        throw new StepFailure("copy pattern \"" + raw + "\" matches nothing in " + shownFrom);
      }
      matched.addAll(found);
    }
    boolean intoDir = step.dest().endsWith("/") || step.dest().equals(".") || step.dest().endsWith("/.");
    if (matched.size() > 1 && !intoDir) {
      throw new StepFailure("copy has " + matched.size() + " sources, so its destination \"" + step.dest()
          + "\" must be a directory ending with \"/\", as in Docker");
    }
    List<CopySources.Entry> out = new ArrayList<>();
    for (String rel : matched) {
      String real = from.resolve("/" + rel);
      LayerStack.Node node = from.lookup(real);
      String shown = "/" + rel;
      switch (node.kind()) {
        case DIRECTORY -> walk(from, real, "", out);
        case FILE -> out.add(new CopySources.Entry(node.path(), shown,
            intoDir ? rel.substring(rel.lastIndexOf('/') + 1) : "", CopySources.Kind.FILE));
        case ABSENT -> throw new StepFailure("copy source " + shown + " does not exist in " + shownFrom);
        default -> throw new StepFailure("copy source " + shown + " in " + shownFrom
            + " is not a file, folder or link");
      }
    }
    return out;
  }

  /** Adds what folder {@code dir} holds, depth first in name order, at {@code destPrefix}. */
  private static void walk(LayerStack from, String dir, String destPrefix, List<CopySources.Entry> out)
      throws IOException {
    for (String name : from.list(dir)) {
      String rel = dir.isEmpty() ? name : dir + "/" + name;
      String dest = destPrefix.isEmpty() ? name : destPrefix + "/" + name;
      LayerStack.Node node = from.lookup(rel);
      switch (node.kind()) {
        case DIRECTORY -> {
          out.add(new CopySources.Entry(node.path(), "/" + rel, dest, CopySources.Kind.DIR));
          walk(from, rel, dest, out);
        }
        case FILE -> out.add(new CopySources.Entry(node.path(), "/" + rel, dest, CopySources.Kind.FILE));
        case SYMLINK -> out.add(new CopySources.Entry(node.path(), "/" + rel, dest, CopySources.Kind.SYMLINK));
        default -> {
          // Devices, fifos and sockets are not copied, as for the build context.
        }
      }
    }
  }

  /** The paths {@code pattern} matches, segment by segment, in name order. */
  private static List<String> expand(LayerStack from, String pattern, String raw) throws StepFailure, IOException {
    List<String> current = List.of("");
    for (String segment : pattern.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      List<String> next = new ArrayList<>();
      Pattern p = compile(segment, raw);
      for (String base : current) {
        String dir = base.isEmpty() ? "" : from.resolve("/" + base);
        if (from.lookup(dir).kind() != LayerStack.Kind.DIRECTORY) {
          continue;
        }
        if (p == null) {
          next.add(base.isEmpty() ? segment : base + "/" + segment);
          continue;
        }
        for (String name : from.list(dir)) {
          if (p.matcher(name).matches()) {
            next.add(base.isEmpty() ? name : base + "/" + name);
          }
        }
      }
      current = next;
    }
    List<String> out = new ArrayList<>();
    for (String c : current) {
      if (from.lookup(from.resolve("/" + c)).kind() != LayerStack.Kind.ABSENT) {
        out.add(c);
      }
    }
    return out;
  }

  private static Pattern compile(String segment, String raw) throws StepFailure {
    if (!GlobPattern.hasMeta(segment)) {
      return null;
    }
    try {
      return GlobPattern.compile(segment);
    } catch (GlobPattern.BadPattern e) {
      throw new StepFailure("copy pattern \"" + raw + "\" is malformed: " + e.getMessage());
    }
  }
}
