package dev.templatestudio.bridge.embedded.layer;

import static dev.templatestudio.bridge.embedded.layer.HostRequirements.requireRoot;
import static dev.templatestudio.bridge.embedded.layer.HostRequirements.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real overlayfs upper dir → layer tar → extracted lower dir → the same layer again. */
class LayerRoundTripTest {
  private static final Instant CLAMP = Instant.parse("2024-01-02T03:04:05Z");

  @TempDir Path tmp;

  @BeforeAll
  static void host() {
    requireRoot("overlay mounts, whiteouts and chown");
  }

  @Test
  void overlayUpperRoundTripsThroughALayer() throws Exception {
    Path upper = makeUpper();
    byte[] layer = write(upper);

    List<String> names = entryNames(layer);
    assertThat(names).contains("gone/.wh.deleted.txt", "replaced dir/", "replaced dir/.wh..wh..opq",
        "replaced dir/fresh", "bin/tool", "bin/tool-hardlink", "fifo", "ünïcode name");
    assertThat(names.indexOf("replaced dir/")).isLessThan(names.indexOf("replaced dir/.wh..wh..opq"));
    assertThat(names).doesNotContain("gone/deleted.txt", "replaced dir/old");
    assertThat(names.stream().anyMatch(n -> n.length() > 100)).isTrue();

    Path lower = tmp.resolve("extracted");
    List<String> warnings = LayerExtractor.extract(new ByteArrayInputStream(layer), lower);

    assertThat(warnings).isEmpty();
    Path whiteout = lower.resolve("gone/deleted.txt");
    assertThat((Integer) Files.getAttribute(whiteout, "unix:mode", LinkOption.NOFOLLOW_LINKS) & FileModes.TYPE_MASK)
        .isEqualTo(FileModes.CHAR_DEVICE);
    assertThat(Files.getAttribute(whiteout, "unix:rdev", LinkOption.NOFOLLOW_LINKS)).isEqualTo(0L);
    assertThat(OpaqueDirs.isOpaque(lower.resolve("replaced dir"))).isTrue();
    assertThat(OpaqueDirs.isOpaque(lower.resolve("gone"))).isFalse();
    assertThat(Files.getAttribute(lower.resolve("bin/tool"), "unix:ino"))
        .isEqualTo(Files.getAttribute(lower.resolve("bin/tool-hardlink"), "unix:ino"));
    assertThat(Files.getAttribute(lower.resolve("bin/tool"), "unix:mode", LinkOption.NOFOLLOW_LINKS))
        .isEqualTo(0104755);
    assertThat(Files.getAttribute(lower.resolve("home/user/own"), "unix:uid")).isEqualTo(1234);
    assertThat(Files.getAttribute(lower.resolve("home/user/own"), "unix:gid")).isEqualTo(5678);
    assertThat(Files.readSymbolicLink(lower.resolve("outside-link"))).isEqualTo(Path.of("/etc/hostname"));
    assertThat(Files.getLastModifiedTime(lower.resolve("home/user/own")).toInstant()).isEqualTo(CLAMP);
    assertThat(Files.getLastModifiedTime(lower.resolve("old-file")).toInstant())
        .isEqualTo(Instant.parse("2001-02-03T04:05:06Z"));

    // Whatever the tar can say about the tree survived: the extracted tree gives the same bytes.
    assertThat(write(lower)).isEqualTo(layer);
    // And the extracted tree works as an overlay lower: the whiteout hides, the opaque dir hides.
    assertMountedAsLowerHides(lower);
  }

  @Test
  void symlinksInSubdirectoriesAreWrittenAsLinksWhereverTheyPoint() throws Exception {
    Path tree = tmp.resolve("links");
    Files.createDirectories(tree.resolve("etc/alternatives"));
    Files.createSymbolicLink(tree.resolve("etc/alternatives/dangling"), Path.of("/nonexistent/tool"));
    Files.createSymbolicLink(tree.resolve("etc/alternatives/host-dir"), tmp);
    OpaqueDirs.mark(tmp);

    List<String> names = entryNames(write(tree));

    assertThat(names).containsExactly("etc/", "etc/alternatives/", "etc/alternatives/dangling",
        "etc/alternatives/host-dir");
  }

  @Test
  void gzipLayersAreDetectedByMagic() throws Exception {
    Path tree = tmp.resolve("tree");
    Files.createDirectories(tree.resolve("a/b"));
    Files.writeString(tree.resolve("a/b/c.txt"), "hello");
    byte[] layer = write(tree);
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(layer);
    }

    LayerExtractor.extract(new ByteArrayInputStream(layer), tmp.resolve("plain"));
    LayerExtractor.extract(new ByteArrayInputStream(gz.toByteArray()), tmp.resolve("gzip"));
    // The layer has no entry for its root, so each root keeps the time it was made at: the two
    // extractions may straddle a second.
    Files.setLastModifiedTime(tmp.resolve("gzip"), Files.getLastModifiedTime(tmp.resolve("plain")));

    assertThat(TreeDescription.describe(tmp.resolve("gzip")))
        .isEqualTo(TreeDescription.describe(tmp.resolve("plain")));
    assertThat(Files.readString(tmp.resolve("gzip/a/b/c.txt"))).isEqualTo("hello");
  }

  /**
   * Makes changes through a real overlay mount, with {@code userxattr} as the sandbox mounts it,
   * so the kernel writes the whiteouts and xattrs.
   */
  private Path makeUpper() throws IOException {
    Path lowerDir = tmp.resolve("l");
    Path upper = tmp.resolve("u");
    Path work = tmp.resolve("w");
    Path merged = tmp.resolve("m");
    for (Path dir : List.of(lowerDir, upper, work, merged)) {
      Files.createDirectories(dir);
    }
    Files.createDirectories(lowerDir.resolve("gone"));
    Files.writeString(lowerDir.resolve("gone/deleted.txt"), "bye");
    Files.writeString(lowerDir.resolve("gone/kept.txt"), "kept");
    Files.createDirectories(lowerDir.resolve("replaced dir"));
    Files.writeString(lowerDir.resolve("replaced dir/old"), "old");
    run("mount", "-t", "overlay", "overlay", "-o", "lowerdir=" + lowerDir + ",upperdir=" + upper
        + ",workdir=" + work + ",userxattr", merged.toString());
    try {
      Files.delete(merged.resolve("gone/deleted.txt"));
      dev.templatestudio.bridge.io.Trees.delete(merged.resolve("replaced dir"));
      Files.createDirectory(merged.resolve("replaced dir"));
      Files.writeString(merged.resolve("replaced dir/fresh"), "fresh");
      Files.createDirectories(merged.resolve("bin"));
      Files.writeString(merged.resolve("bin/tool"), "#!/bin/sh\necho tool\n");
      Files.setAttribute(merged.resolve("bin/tool"), "unix:mode", 04755);
      Files.createLink(merged.resolve("bin/tool-hardlink"), merged.resolve("bin/tool"));
      Files.createDirectories(merged.resolve("home/user"));
      Files.writeString(merged.resolve("home/user/own"), "mine");
      Files.setAttribute(merged.resolve("home/user/own"), "unix:uid", 1234);
      Files.setAttribute(merged.resolve("home/user/own"), "unix:gid", 5678);
      Files.createSymbolicLink(merged.resolve("outside-link"), Path.of("/etc/hostname"));
      run("mkfifo", merged.resolve("fifo").toString());
      Files.writeString(merged.resolve("ünïcode name"), "ü", StandardCharsets.UTF_8);
      Files.writeString(merged.resolve("old-file"), "old");
      Files.setLastModifiedTime(merged.resolve("old-file"),
          FileTime.from(Instant.parse("2001-02-03T04:05:06Z")));
      Path deep = merged.resolve("d".repeat(60)).resolve("e".repeat(60));
      Files.createDirectories(deep);
      Files.writeString(deep.resolve("f".repeat(80)), "long");
    } finally {
      run("umount", merged.toString());
    }
    return upper;
  }

  private void assertMountedAsLowerHides(Path layerDir) throws IOException {
    Path base = tmp.resolve("base");
    Files.createDirectories(base.resolve("gone"));
    Files.writeString(base.resolve("gone/deleted.txt"), "should be hidden");
    Files.createDirectories(base.resolve("replaced dir"));
    Files.writeString(base.resolve("replaced dir/old"), "should be hidden");
    Path merged = tmp.resolve("m2");
    Files.createDirectories(merged);
    run("mount", "-t", "overlay", "overlay", "-o", "lowerdir=" + layerDir + ":" + base + ",userxattr", merged.toString());
    try {
      assertThat(merged.resolve("gone/deleted.txt")).doesNotExist();
      assertThat(merged.resolve("replaced dir/old")).doesNotExist();
      assertThat(merged.resolve("replaced dir/fresh")).hasContent("fresh");
    } finally {
      run("umount", merged.toString());
    }
  }

  static byte[] write(Path dir) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LayerWriter.write(dir, out, CLAMP);
    return out.toByteArray();
  }

  static List<String> entryNames(byte[] layer) throws IOException {
    List<String> names = new ArrayList<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(layer))) {
      TarArchiveEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        names.add(entry.getName());
      }
    }
    return names;
  }
}
