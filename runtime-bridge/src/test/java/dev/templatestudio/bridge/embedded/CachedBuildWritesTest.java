package dev.templatestudio.bridge.embedded;

import static dev.templatestudio.bridge.embedded.EngineFixture.assertReady;
import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Template;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A fully cached rebuild changes nothing in the store it need not: no scratch dir is made in
 * its work folder, no blob, layer, source record or history is written. Only the last-use
 * marks prune orders by move: the mtimes of the cache entries and of the template's entry,
 * whose bytes stay as they were. A rebuild after one copied file changed reads that file only.
 */
class CachedBuildWritesTest extends EngineTestBase {
  @Test
  void aCachedRebuildOnARootfsBaseWritesNothingButLastUseMarks() throws Exception {
    BusyboxFixture.rootfs(ctx.resolve("rootfs"));
    Files.writeString(ctx.resolve("note.txt"), "one\n");
    Template t = Template.of(Base.image("rootfs:rootfs"), List.of(
        new RunStep("echo 1 > /one"), new CopyStep(List.of("note.txt"), "/note.txt"), new RunStep("echo 2 > /two")))
        .withName("writes");
    assertReady(EngineFixture.build(rt, t, ctx));
    // The source memo keeps no fingerprint taken within 100 ms of the base's last change: the
    // second build, past that, records it; the third reads it.
    Thread.sleep(200);
    assertReady(EngineFixture.build(rt, t, ctx));
    Map<String, String> before = listing(store.root());
    Map<String, String> contentBefore = lastUseContents(store.root());

    BuildHandle again = EngineFixture.build(rt, t, ctx);

    assertReady(again);
    assertThat(EngineFixture.end(again).cacheHits()).isEqualTo(4);
    assertThat(EngineFixture.events(again, BuildEvent.CACHE_MISS)).isEmpty();
    assertThat(listing(store.root())).isEqualTo(before);
    assertThat(lastUseContents(store.root())).isEqualTo(contentBefore);
    try (Stream<Path> work = Files.list(store.work().dir())) {
      assertThat(work).isEmpty();
    }
  }

  @Test
  void aRebuildAfterOneFileChangedReadsThatFileOnly() throws Exception {
    Path a = Files.writeString(ctx.resolve("a.txt"), "aaaa\n");
    Files.writeString(ctx.resolve("b.txt"), "bbbb\n");
    Template t = EngineFixture.template("one-edit", new RunStep("echo 1 > /one"),
        new CopyStep(List.of("a.txt", "b.txt"), "/files/"), new RunStep("cat /files/a.txt > /copy"));
    assertReady(EngineFixture.build(rt, t, ctx));
    // Past the racy window (100 ms) both files are remembered by the next build that reads them.
    Thread.sleep(200);
    Files.writeString(a, "cccc\n");
    assertReady(EngineFixture.build(rt, t, ctx));
    Thread.sleep(200);
    long before = rt.contextFilesHashed();
    // Same size, new bytes: only its times tell; it is read again, b.txt is not.
    Files.writeString(a, "dddd\n");

    String ref = assertReady(EngineFixture.build(rt, t, ctx));

    assertThat(rt.contextFilesHashed() - before).isEqualTo(1);
    List<String> out = new java.util.ArrayList<>();
    assertThat(rt.run(ref, List.of("/bin/sh", "-c", "cat /files/a.txt /files/b.txt /copy"), (s, l) -> out.add(l)))
        .isZero();
    assertThat(out).containsExactly("dddd", "bbbb", "dddd");
  }

  /** Every path under the store with its type, size and mtime; last-use marks without their mtime. */
  private static Map<String, String> listing(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        String rel = root.relativize(p).toString();
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String kind = a.isDirectory() ? "d" : a.isSymbolicLink() ? "l" : "f";
        String mtime = isLastUseMark(rel) ? "" : a.lastModifiedTime().toString();
        out.put(rel, kind + " " + (a.isDirectory() ? "" : a.size()) + " " + mtime);
      }
    }
    return out;
  }

  /** The bytes of the last-use marks, which must not change. */
  private static Map<String, String> lastUseContents(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    for (String folder : List.of("cache", "templates")) {
      try (Stream<Path> files = Files.list(root.resolve(folder))) {
        for (Path f : (Iterable<Path>) files::iterator) {
          out.put(folder + "/" + f.getFileName(), Files.readString(f));
        }
      }
    }
    return out;
  }

  private static boolean isLastUseMark(String rel) {
    return (rel.startsWith("cache/") || rel.startsWith("templates/")) && rel.endsWith(".json");
  }
}
