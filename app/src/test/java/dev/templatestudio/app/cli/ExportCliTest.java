package dev.templatestudio.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.embedded.image.ImageSources;
import dev.templatestudio.bridge.embedded.image.PullProgress;
import dev.templatestudio.bridge.embedded.image.ResolvedImage;
import dev.templatestudio.bridge.embedded.store.Store;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code template-studio export} on a template published in a real store. */
class ExportCliTest {
  @TempDir Path dir;
  private Path store;
  private String digest;

  @BeforeEach
  void publishATemplate() throws Exception {
    Path rootfs = dir.resolve("rootfs");
    Files.createDirectories(rootfs.resolve("etc"));
    Files.writeString(rootfs.resolve("etc/os-release"), "NAME=demo\n");
    store = dir.resolve("store");
    Store opened = Store.open(store);
    ResolvedImage image = ImageSources.resolve("rootfs:" + rootfs, opened.blobs(), PullProgress.NONE);
    digest = image.manifestDigest();
    opened.templates().publish("demo", List.of("v1"), digest, 1234, "2026-11-28T19:00:00Z");
  }

  @Test
  void exportsARootfsTarAndAnOciLayout() throws Exception {
    Path tar = dir.resolve("demo.tar");
    CliRunner r = CliRunner.run("export", "demo:v1", "--rootfs-tar", tar.toString(), "--store", store.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("exported demo@" + digest + " to rootfs tar " + tar);
    List<String> names = new ArrayList<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(Files.readAllBytes(tar)))) {
      TarArchiveEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        names.add(entry.getName());
      }
    }
    assertThat(names).containsExactly("etc/", "etc/os-release");

    Path layout = dir.resolve("oci");
    CliRunner oci = CliRunner.run("export", "demo:v1", "--oci", layout.toString(), "--store", store.toString());
    assertThat(oci.exitCode()).as(oci.err()).isZero();
    assertThat(Files.readString(layout.resolve("index.json")))
        .contains("\"org.opencontainers.image.ref.name\":\"v1\"").contains(digest);
    assertThat(layout.resolve("blobs/sha256/" + digest.substring(7))).isRegularFile();
  }

  @Test
  void unknownTemplatesAndBadTargetsAreUserErrors() {
    CliRunner unknown = CliRunner.run("export", "nothing:v1", "--rootfs-tar", dir.resolve("x.tar").toString(),
        "--store", store.toString());
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).startsWith("template-studio: no template 'nothing:v1' in the store at ")
        .doesNotContain("\tat ");

    assertThat(CliRunner.run("export", "demo:v1", "--store", store.toString()).exitCode()).isEqualTo(2);
    assertThat(CliRunner.run("export", "demo:v1", "--oci", "a", "--ext4", "b").exitCode()).isEqualTo(2);

    CliRunner noFolder = CliRunner.run("export", "demo:v1", "--rootfs-tar", dir.resolve("no/such/x.tar").toString(),
        "--store", store.toString());
    assertThat(noFolder.exitCode()).isEqualTo(1);
    assertThat(noFolder.err()).contains("its folder does not exist").doesNotContain("\tat ");
  }
}
