package dev.templatestudio.bridge.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The context tar: the same files give the same digest; .dockerignore leaves files out. */
class ContextTarTest {
  @TempDir Path tmp;

  @Test
  void sameFilesSameDigestAndAChangedModeOrSecondOfMtimeChangesIt() throws Exception {
    Path ctx = Files.createDirectories(tmp.resolve("ctx"));
    Files.createDirectories(ctx.resolve("b/c"));
    Files.writeString(ctx.resolve("b/c/z.txt"), "z");
    Files.writeString(ctx.resolve("a.txt"), "a");
    Files.createSymbolicLink(ctx.resolve("b/link"), Path.of("c/z.txt"));
    Files.setLastModifiedTime(ctx.resolve("a.txt"), FileTime.fromMillis(12_000));
    String first = digest(ctx);
    assertThat(digest(ctx)).isEqualTo(first);
    Files.setLastModifiedTime(ctx.resolve("a.txt"), FileTime.fromMillis(12_999));
    assertThat(digest(ctx)).as("the same second").isEqualTo(first);
    Files.setLastModifiedTime(ctx.resolve("a.txt"), FileTime.fromMillis(13_000));
    String touched = digest(ctx);
    assertThat(touched).isNotEqualTo(first);
    Files.setPosixFilePermissions(ctx.resolve("a.txt"), PosixFilePermissions.fromString("rwx------"));
    assertThat(digest(ctx)).isNotEqualTo(touched);
  }

  @Test
  void holdsWhatDockerignoreLeavesPlusTheDockerignoreInNameOrder() throws Exception {
    Path ctx = Files.createDirectories(tmp.resolve("ctx"));
    Files.createDirectories(ctx.resolve("node_modules/x"));
    Files.writeString(ctx.resolve("node_modules/x/index.js"), "x");
    Files.createDirectories(ctx.resolve("logs"));
    Files.writeString(ctx.resolve("logs/a.log"), "a");
    Files.writeString(ctx.resolve("logs/keep.log"), "k");
    Files.writeString(ctx.resolve("main.py"), "print()");
    Files.writeString(ctx.resolve(".dockerignore"), "node_modules\nlogs\n!logs/keep.log\n.dockerignore\n");
    ContextTar.Written tar = ContextTar.write(ctx);
    try {
      List<String> names = new ArrayList<>();
      try (InputStream in = Files.newInputStream(tar.file()); TarArchiveInputStream t = new TarArchiveInputStream(in)) {
        TarArchiveEntry e;
        while ((e = t.getNextEntry()) != null) {
          assertThat(e.getModTime().getTime() % 1000).isZero();
          names.add(e.getName());
        }
      }
      assertThat(names).containsExactly(".dockerignore", "logs/keep.log", "main.py");
    } finally {
      Files.delete(tar.file());
    }
  }

  private static String digest(Path ctx) throws IOException {
    ContextTar.Written tar = ContextTar.write(ctx);
    Files.delete(tar.file());
    return tar.digest();
  }
}
