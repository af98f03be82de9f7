package dev.templatestudio.bridge.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.embedded.layer.LayerRefusedException;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Faults inside a step's folders are told with the paths the image has, whatever the host calls them. */
class ImagePathsTest {
  static final Path STEP = Path.of("/srv/store/work/build-1/step-3");
  static final Path LAYER = Path.of("/srv/store/layers/sha256-ab12");
  final ImagePaths paths = new ImagePaths(STEP, List.of(LAYER));

  @Test
  void filesInTheUpperMergedAndLowerDirsAreNamedAsInTheImage() {
    assertThat(FaultSentence.of(paths.exception(new DirectoryNotEmptyException(STEP + "/upper/app/x"))))
        .isEqualTo("folder not empty: /app/x");
    assertThat(FaultSentence.of(paths.exception(new NoSuchFileException(LAYER + "/etc/passwd", STEP + "/upper/etc/x",
        null)))).isEqualTo("no such file or folder: /etc/passwd -> /etc/x");
    assertThat(FaultSentence.of(paths.exception(new FileSystemException(STEP + "/upper", null, "No space left on device"))))
        .isEqualTo("/: No space left on device");
    assertThat(paths.text("mount: " + STEP + "/merged/proc: mount point is not a directory"))
        .isEqualTo("mount: /proc: mount point is not a directory");
    assertThat(FaultSentence.of(paths.exception(new IOException("cannot read " + STEP + "/upper/bin/sh"))))
        .isEqualTo("cannot read /bin/sh");
  }

  @Test
  void otherPathsAndFaultsOfTheirOwnKindAreLeftAsTheyAre() {
    IOException refused = new LayerRefusedException("this layer deletes files (whiteouts), which only root can extract");
    assertThat(paths.exception(refused)).isSameAs(refused);
    IOException elsewhere = new IOException("cannot read /home/me/ctx/app.py");
    assertThat(paths.exception(elsewhere)).isSameAs(elsewhere);
    assertThat(paths.text("/srv/store/work/build-1/step-30/upper/x")).isEqualTo("/srv/store/work/build-1/step-30/upper/x");
    assertThat(paths.text(STEP + "/upper2/x")).isEqualTo(STEP + "/upper2/x");
  }
}
