package dev.templatestudio.bridge.embedded.layer;

import static dev.templatestudio.bridge.embedded.layer.HostRequirements.requireRoot;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layers built to escape: each trick is refused (skipped with a warning) or contained inside
 * the extraction root, and nothing outside the root changes. The "outside" world is a sibling
 * directory of the root plus the real /etc/passwd, whose content and link count are checked.
 */
class MaliciousLayerTest {
  @TempDir Path tmp;
  private Path root;
  private Path outside;
  private byte[] passwdBefore;
  private Object passwdLinksBefore;

  @BeforeAll
  static void host() {
    requireRoot("whiteouts and ownership are applied as root");
  }

  @BeforeEach
  void setUp() throws IOException {
    root = tmp.resolve("root");
    outside = tmp.resolve("outside");
    Files.createDirectories(outside);
    Files.writeString(outside.resolve("secret"), "secret");
    passwdBefore = Files.readAllBytes(Path.of("/etc/passwd"));
    passwdLinksBefore = Files.getAttribute(Path.of("/etc/passwd"), "unix:nlink");
  }

  private List<String> extract(byte[] layer) throws IOException {
    List<String> warnings = LayerExtractor.extract(new ByteArrayInputStream(layer), root);
    assertThat(Files.readAllBytes(Path.of("/etc/passwd"))).isEqualTo(passwdBefore);
    assertThat(Files.getAttribute(Path.of("/etc/passwd"), "unix:nlink")).isEqualTo(passwdLinksBefore);
    assertThat(outside).isDirectoryContaining(p -> p.getFileName().toString().equals("secret"));
    try (var list = Files.list(outside)) {
      assertThat(list.count()).as("nothing new outside the root").isEqualTo(1);
    }
    assertThat(Files.readString(outside.resolve("secret"))).isEqualTo("secret");
    return warnings;
  }

  @Test
  void dotDotPathsAreRefused() throws IOException {
    List<String> warnings = extract(new TarBuilder()
        .file("../outside/pwned", "x")
        .file("ok/../../outside/pwned2", "x")
        .file("fine/../kept", "kept")
        .build());

    assertThat(warnings).hasSize(2).allMatch(w -> w.contains("climbs out"));
    assertThat(root.resolve("kept")).hasContent("kept");
    assertThat(tmp.resolve("pwned")).doesNotExist();
  }

  @Test
  void absolutePathsAreContainedInTheRoot() throws IOException {
    List<String> warnings = extract(new TarBuilder().file("/etc/passwd", "root::0:0::/:/bin/sh\n").build());

    assertThat(root.resolve("etc/passwd")).hasContent("root::0:0::/:/bin/sh\n");
    assertThat(warnings).singleElement().asString().contains("absolute path");
  }

  @Test
  void symlinksOutOfTheRootAreKeptButNeverWrittenThrough() throws IOException {
    List<String> warnings = extract(new TarBuilder()
        .symlink("escape", outside.toString())
        .symlink("rel-escape", "../outside")
        .symlink("etc", "/etc")
        .file("escape/pwned", "x")
        .file("rel-escape/pwned", "x")
        .file("etc/passwd", "pwned")
        .dir("escape/sub/")
        .build());

    assertThat(warnings).hasSize(4).allMatch(w -> w.contains("symlink or not a directory"));
    assertThat(Files.readSymbolicLink(root.resolve("escape"))).isEqualTo(outside);
    assertThat(Files.readSymbolicLink(root.resolve("rel-escape"))).isEqualTo(Path.of("../outside"));
    assertThat(Files.readSymbolicLink(root.resolve("etc"))).isEqualTo(Path.of("/etc"));
  }

  @Test
  void aSymlinkReplacedByADirectoryEntryBecomesARealDirectory() throws IOException {
    extract(new TarBuilder()
        .symlink("d", outside.toString())
        .dir("d/")
        .file("d/inside", "in")
        .build());

    assertThat(Files.isDirectory(root.resolve("d"), LinkOption.NOFOLLOW_LINKS)).isTrue();
    assertThat(root.resolve("d/inside")).hasContent("in");
  }

  @Test
  void hardlinksOutsideOrToMissingTargetsAreRefused() throws IOException {
    List<String> warnings = extract(new TarBuilder()
        .hardlink("h1", "/etc/passwd")
        .hardlink("h2", "../../../../../../etc/passwd")
        .symlink("s", "/etc")
        .hardlink("h3", "s/passwd")
        .symlink("o", outside.toString())
        .hardlink("h4", "o/secret")
        .hardlink("h5", "not-there")
        .file("real", "real")
        .hardlink("h6", "real")
        .build());

    assertThat(warnings).hasSize(5).allMatch(w -> w.contains("hard link"));
    for (String refused : List.of("h1", "h2", "h3", "h4", "h5")) {
      assertThat(Files.exists(root.resolve(refused), LinkOption.NOFOLLOW_LINKS)).as(refused).isFalse();
    }
    assertThat(root.resolve("h6")).hasContent("real");
  }

  @Test
  void deviceNodesAreRefusedAndFifosAllowed() throws IOException {
    List<String> warnings = extract(new TarBuilder()
        .dir("dev/")
        .device("dev/mem", TarConstants.LF_CHR, 1, 1)
        .device("dev/sda", TarConstants.LF_BLK, 8, 0)
        .device("dev/null-looking", TarConstants.LF_CHR, 0, 0)
        .device("pipe", TarConstants.LF_FIFO, 0, 0)
        .build());

    assertThat(warnings).hasSize(3).allMatch(w -> w.contains("device nodes are not allowed"));
    assertThat(root.resolve("dev")).isEmptyDirectory();
    int mode = (Integer) Files.getAttribute(root.resolve("pipe"), "unix:mode", LinkOption.NOFOLLOW_LINKS);
    assertThat(FileModes.isFifo(mode)).isTrue();
  }

  @Test
  void deferredWhiteoutsAndFifosAreNotMadeThroughALaterSymlink() throws IOException {
    List<String> warnings = extract(new TarBuilder()
        .dir("d/")
        .file("d/.wh.x", "")
        .device("d/pipe", TarConstants.LF_FIFO, 0, 0)
        .file("d/.wh..wh..opq", "")
        .symlink("d", outside.toString())
        .build());

    assertThat(warnings).hasSize(2).allMatch(w -> w.contains("replaced by a symlink"));
    assertThat(Files.isSymbolicLink(root.resolve("d"))).isTrue();
    assertThat(OpaqueDirs.isOpaque(outside)).isFalse();
  }

  @Test
  void aFileAtTheSameNameAsASymlinkReplacesTheLinkNotItsTarget() throws IOException {
    extract(new TarBuilder()
        .symlink("link", outside.resolve("secret").toString())
        .file("link", "replaced")
        .build());

    assertThat(Files.isSymbolicLink(root.resolve("link"))).isFalse();
    assertThat(root.resolve("link")).hasContent("replaced");
  }

  @Test
  void whiteoutsHidingDotDotOrDotOrNothingAreRefused() throws IOException {
    Files.createDirectories(root);
    Files.writeString(tmp.resolve("sibling"), "sibling");
    List<String> warnings = extract(new TarBuilder()
        .file("kept", "kept")
        .file(".wh...", "")
        .file(".wh..", "")
        .file(".wh.", "")
        .dir("d/")
        .file("d/.wh...", "")
        .file("d/.wh..", "")
        .build());

    assertThat(warnings).hasSize(5).allMatch(w -> w.contains("whiteout must hide one plain name"));
    assertThat(root.resolve("kept")).hasContent("kept");
    assertThat(root.resolve("d")).isEmptyDirectory();
    assertThat(tmp.resolve("sibling")).hasContent("sibling");
    assertThat(tmp.resolve("outside/secret")).hasContent("secret");
  }
}
