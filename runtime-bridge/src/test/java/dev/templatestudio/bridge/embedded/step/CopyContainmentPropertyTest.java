package dev.templatestudio.bridge.embedded.step;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.context.CopySourceException;
import dev.templatestudio.bridge.context.CopySources;
import dev.templatestudio.bridge.context.DockerIgnore;
import dev.templatestudio.bridge.embedded.layer.HostTools;
import dev.templatestudio.bridge.io.Trees;
import dev.templatestudio.bridge.plan.StepFailure;
import dev.templatestudio.bridge.template.CopyStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Hostile trees for a copy step: a build context and lower layers full of symlinks that lead
 * out (absolute, relative with enough {@code ..}, to themselves, to their parent), links of one
 * source where another source has a folder, {@code .dockerignore} rules that exclude a folder
 * and re-include what is inside it, destinations through links of the image. Whatever the copy
 * does, nothing outside its upper dir changes (neither the host folder the links point at,
 * nor the lower layers, nor the context), and it either succeeds or fails with a sentence that
 * names no host path.
 */
class CopyContainmentPropertyTest {
  private static final List<String> NAMES = List.of("x", "y", "x", "app");
  private static final List<String> KINDS = List.of("file", "dir", "dir", "abs", "rel", "deep", "sibling", "up");
  private static final List<String> SOURCES = List.of("a/", "b/", "c/", "a", "b/x", "a/x/", "c/app", "*");
  private static final List<String> DESTS = List.of("/app/", "/app/x/", "/", "/x/", "/app/x/y", "x/", "x", "/x/y/");

  /** One entry of a generated tree: where, and what (a file, a folder, or which kind of link). */
  record Entry(String path, String kind) {}

  record Scenario(List<Entry> context, List<List<Entry>> lowers, List<String> ignore, List<String> sources,
      String dest, String workdir) {}

  @Provide
  Arbitrary<Scenario> scenarios() {
    Arbitrary<String> below = Arbitraries.of(NAMES).list().ofMinSize(1).ofMaxSize(3).map(l -> String.join("/", l));
    // One path with what each source folder has there (often something): sources collide.
    List<String> kindsOrNone = new ArrayList<>(KINDS);
    kindsOrNone.addAll(List.of("none", "none", "none"));
    Arbitrary<String> kindOrNone = Arbitraries.of(kindsOrNone);
    Arbitrary<List<Entry>> spot = Combinators.combine(below, kindOrNone, kindOrNone, kindOrNone)
        .as((rest, a, b, c) -> Stream.of(new Entry("a/" + rest, a), new Entry("b/" + rest, b), new Entry("c/" + rest, c))
            .filter(e -> !e.kind().equals("none")).toList());
    Arbitrary<List<Entry>> context = spot.list().ofMaxSize(6)
        .map(spots -> spots.stream().flatMap(List::stream).toList());
    Arbitrary<Entry> layerEntry = Combinators.combine(Arbitraries.of(NAMES).list().ofMinSize(1).ofMaxSize(3),
        Arbitraries.of(KINDS)).as((parts, kind) -> new Entry(String.join("/", parts), kind));
    Arbitrary<String> ignoreLine = Combinators.combine(Arbitraries.of("a", "b", "c", "**"), below,
        Arbitraries.of(true, false)).as((top, rest, again) -> (again ? "!" : "") + top + "/" + rest);
    // The probe, varied: one source's link out where another source has a file below,
    // the folder between them often excluded and the file re-included by .dockerignore.
    Arbitrary<Collision> collision = Combinators.combine(Arbitraries.of("x", "x/y", "app"), Arbitraries.of(NAMES),
        Arbitraries.of("abs", "rel", "deep", "up"), Arbitraries.of("a", "b", "c"), Arbitraries.of("a", "b", "c"),
        Arbitraries.of(true, true, false)).as(Collision::new).injectNull(0.2);
    return Combinators.combine(
        context,
        collision,
        layerEntry.list().ofMaxSize(6).list().ofMaxSize(2),
        ignoreLine.list().ofMaxSize(3),
        Arbitraries.oneOf(Arbitraries.of("a/", "b/", "c/").list().ofMinSize(2).ofMaxSize(3).uniqueElements(),
            Arbitraries.of(SOURCES).list().ofMinSize(1).ofMaxSize(3)),
        Arbitraries.of(DESTS),
        Arbitraries.of("/", "/app", "/x"))
        .as((spots, probe, lowers, ignore, sources, dest, workdir) -> {
          List<Entry> entries = new ArrayList<>(probe == null ? List.of() : probe.entries());
          entries.addAll(spots);
          List<String> rules = new ArrayList<>(probe == null ? List.of() : probe.ignore());
          rules.addAll(ignore);
          return new Scenario(entries, lowers, rules, sources, dest, workdir);
        });
  }

  /** A link at {@code linkTop/at}, a file at {@code fileTop/at/below}, maybe a .dockerignore hole. */
  record Collision(String at, String below, String link, String linkTop, String fileTop, boolean hole) {
    List<Entry> entries() {
      return List.of(new Entry(linkTop + "/" + at, link), new Entry(fileTop + "/" + at + "/" + below, "file"));
    }

    List<String> ignore() {
      return hole ? List.of(fileTop + "/" + at, "!" + fileTop + "/" + at + "/" + below) : List.of();
    }
  }

  /** The probe of the issue, always tried: a/x a link out, b/x left out but b/x/y re-included. */
  @Example
  void theReportedProbe() throws Exception {
    nothingOutsideTheUpperDirChanges(new Scenario(List.of(new Entry("a/x", "abs"), new Entry("b/x/y", "file")),
        List.of(), List.of("b/x", "!b/x/y"), List.of("a/", "b/"), "/app/", "/"));
  }

  @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
  void nothingOutsideTheUpperDirChanges(@ForAll("scenarios") Scenario s) throws Exception {
    Assume.that(HostTools.isRoot());
    Path base = Files.createTempDirectory("copy-containment");
    try {
      Path outside = Files.createDirectories(base.resolve("outside/sub"));
      Files.writeString(base.resolve("outside/sentinel"), "host's own\n");
      Path ctx = base.resolve("ctx");
      for (String top : List.of("a", "b", "c")) {
        Files.createDirectories(ctx.resolve(top));
      }
      build(base, ctx, s.context());
      Files.writeString(ctx.resolve(".dockerignore"), String.join("\n", s.ignore()) + "\n");
      List<Path> lowers = new ArrayList<>();
      for (int i = s.lowers().size() - 1; i >= 0; i--) {
        lowers.add(build(base, base.resolve("lower" + i), s.lowers().get(i)));
      }
      Path upper = Files.createDirectory(base.resolve("upper"));
      Map<String, String> before = snapshot(base, upper);

      CopyStep step = new CopyStep(s.sources(), s.dest());
      try {
        List<CopySources.Entry> entries = CopySources.select(ctx, step, DockerIgnore.load(ctx));
        CopyIntoLayer.copy(step, entries, upper, new LayerStack(lowers), s.workdir());
        Statistics.label("outcome").collect("copied");
      } catch (CopySourceException e) {
        Statistics.label("outcome").collect("sources refused");
      } catch (StepFailure e) {
        Statistics.label("outcome").collect("step failed");
        // Image paths only: a link's target may well spell a host path, but inside the image.
        assertThat(e.getMessage()).doesNotContain(upper.toString()).doesNotContain(base.resolve("lower").toString())
            .doesNotContain(ctx.toString()).doesNotContain("\n");
      }

      assertThat(snapshot(base, upper)).as("everything but the upper dir").isEqualTo(before);
      assertThat(outside).isDirectory();
    } finally {
      Trees.delete(base);
    }
  }

  /** Makes {@code root} with the entries that fit (an entry below a file or link is left out). */
  private static Path build(Path base, Path root, List<Entry> entries) throws IOException {
    Files.createDirectories(root);
    for (Entry e : entries) {
      Path target = root.resolve(e.path());
      if (!parentsAreFolders(root, target) || Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      Files.createDirectories(target.getParent());
      int depth = root.relativize(target).getNameCount();
      switch (e.kind()) {
        case "file" -> Files.writeString(target, "content of " + e.path() + "\n");
        case "dir" -> Files.createDirectory(target);
        case "abs" -> Files.createSymbolicLink(target, base.resolve("outside"));
        // From the link's folder up to the base, then into the host folder.
        case "rel" -> Files.createSymbolicLink(target, Path.of("../".repeat(depth) + "outside/sub"));
        case "deep" -> Files.createSymbolicLink(target, base.resolve("outside/sub"));
        case "sibling" -> Files.createSymbolicLink(target, Path.of("x"));
        default -> Files.createSymbolicLink(target, Path.of(".."));
      }
    }
    return root;
  }

  private static boolean parentsAreFolders(Path root, Path target) {
    for (Path p = target.getParent(); !p.equals(root); p = p.getParent()) {
      if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        return false;
      }
    }
    return true;
  }

  /** Every entry under {@code base} except the upper dir: its kind, mode and content or link target. */
  private static Map<String, String> snapshot(Path base, Path upper) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(base)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (p.startsWith(upper)) {
          continue;
        }
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        String what = Files.isSymbolicLink(p) ? "-> " + Files.readSymbolicLink(p)
            : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir" : Files.readString(p);
        out.put(base.relativize(p).toString(), Integer.toOctalString(mode) + " "
            + Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS) + " " + what);
      }
    }
    return out;
  }
}
