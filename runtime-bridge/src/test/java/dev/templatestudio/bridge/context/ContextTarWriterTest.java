package dev.templatestudio.bridge.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entries both context tars are made of: only the fields that matter, owners kept or root's. */
class ContextTarWriterTest {
  @TempDir Path tmp;

  private List<TarArchiveEntry> write(Path file, ContextTarWriter.Owners owners) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ContextTarWriter tar = new ContextTarWriter(bytes, owners)) {
      tar.add("dir", tmp.resolve("dir"));
      tar.add("dir/a.sh", file);
      tar.add("link", tmp.resolve("link"));
      tar.addText("note", "hi\n");
    }
    List<TarArchiveEntry> entries = new ArrayList<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        entries.add(e);
      }
    }
    return entries;
  }

  @Test
  void entriesKeepPermissionsWholeSecondsAndTheChosenOwners() throws Exception {
    Path file = Files.writeString(Files.createDirectory(tmp.resolve("dir")).resolve("a.sh"), "echo\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-x---"));
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-02T03:04:05.678Z")));
    Files.createSymbolicLink(tmp.resolve("link"), Path.of("dir/a.sh"));
    boolean root = "root".equals(System.getProperty("user.name"));
    if (root) {
      Files.setAttribute(file, "unix:uid", 1234);
    }

    List<TarArchiveEntry> rooted = write(file, ContextTarWriter.Owners.ROOT);
    assertThat(rooted).extracting(TarArchiveEntry::getName).containsExactly("dir/", "dir/a.sh", "link", "note");
    TarArchiveEntry a = rooted.get(1);
    assertThat(a.getMode()).isEqualTo(0750);
    assertThat(a.getModTime().toInstant()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
    assertThat(a.getSize()).isEqualTo(5);
    assertThat(rooted).allSatisfy(e -> {
      assertThat(e.getLongUserId()).isZero();
      assertThat(e.getUserName()).isEmpty();
    });
    assertThat(rooted.get(2).isSymbolicLink()).isTrue();
    assertThat(rooted.get(2).getLinkName()).isEqualTo("dir/a.sh");

    dev.templatestudio.bridge.embedded.layer.HostRequirements.requireRoot("only root can give a file another owner");
    assertThat(write(file, ContextTarWriter.Owners.KEEP).get(1).getLongUserId()).isEqualTo(1234);
  }
}
