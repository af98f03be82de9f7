package dev.templatestudio.bridge.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** What a runtime keeps on disk, searched for a value that must not be there. */
final class KeptFiles {
  private KeptFiles() {}

  /** No file under {@code dir}, read as it is and, when gzip, unpacked (layers may be), holds {@code value}. */
  static void assertNoneHolds(Path dir, String value) throws IOException {
    List<Path> files;
    try (Stream<Path> all = Files.walk(dir)) {
      files = all.filter(Files::isRegularFile).collect(Collectors.toList());
    }
    assertThat(files).as("files kept under %s", dir).isNotEmpty();
    for (Path f : files) {
      byte[] bytes = Files.readAllBytes(f);
      assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(value);
      if (bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
          assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).as("%s unpacked", f)
              .doesNotContain(value);
        }
      }
    }
  }
}
