package dev.templatestudio.bridge.embedded.layer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same tree gives the same bytes, whenever and in whatever order it was made. */
class LayerDeterminismTest {
  private static final Instant CLAMP = Instant.parse("2024-01-02T03:04:05Z");

  @TempDir Path tmp;

  @Test
  void twoWritesOfOneTreeAreIdentical() throws IOException {
    Path tree = makeTree(tmp.resolve("a"), false);

    assertThat(LayerRoundTripTest.write(tree)).isEqualTo(LayerRoundTripTest.write(tree));
  }

  @Test
  void treesMadeInAnotherOrderAtAnotherTimeGiveTheSameBytes() throws Exception {
    Path first = makeTree(tmp.resolve("first"), false);
    Thread.sleep(1100);
    Path second = makeTree(tmp.resolve("second"), true);

    assertThat(LayerRoundTripTest.write(second)).isEqualTo(LayerRoundTripTest.write(first));
  }

  @Test
  void entriesAreSortedClampedAndCarryNoHostNames() throws IOException {
    Path tree = makeTree(tmp.resolve("t"), false);
    Files.setLastModifiedTime(tree.resolve("b/early"), FileTime.from(Instant.parse("2000-01-01T00:00:00Z")));
    byte[] layer = LayerRoundTripTest.write(tree);

    List<String> names = new ArrayList<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(layer))) {
      TarArchiveEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        names.add(entry.getName());
        Instant expected = entry.getName().equals("b/early") ? Instant.parse("2000-01-01T00:00:00Z") : CLAMP;
        assertThat(entry.getModTime().toInstant()).as(entry.getName()).isEqualTo(expected);
        assertThat(entry.getUserName()).isEmpty();
        assertThat(entry.getGroupName()).isEmpty();
        assertThat(entry.getExtraPaxHeaders()).as("no PAX time records").isEmpty();
      }
    }
    assertThat(names).containsExactly("a/", "a/x", "a/y", "b/", "b/early", "b/z", "c");
  }

  private static Path makeTree(Path root, boolean reversed) throws IOException {
    List<String> files = new ArrayList<>(List.of("a/x", "a/y", "b/early", "b/z", "c"));
    if (reversed) {
      java.util.Collections.reverse(files);
    }
    for (String file : files) {
      Path path = root.resolve(file);
      Files.createDirectories(path.getParent());
      Files.writeString(path, "content of " + file);
      Files.setAttribute(path, "unix:mode", 0640);
    }
    for (String dir : List.of("", "a", "b")) {
      Files.setAttribute(root.resolve(dir), "unix:mode", 0755);
    }
    return root;
  }
}
