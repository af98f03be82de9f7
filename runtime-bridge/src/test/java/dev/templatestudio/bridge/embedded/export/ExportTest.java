package dev.templatestudio.bridge.embedded.export;

import static dev.templatestudio.bridge.embedded.layer.HostRequirements.requireRoot;
import static dev.templatestudio.bridge.embedded.layer.HostRequirements.requireTool;
import static dev.templatestudio.bridge.embedded.layer.HostRequirements.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.templatestudio.bridge.embedded.BusyboxFixture;
import dev.templatestudio.bridge.embedded.ImageWriter;
import dev.templatestudio.bridge.embedded.image.ImageSources;
import dev.templatestudio.bridge.embedded.image.PullProgress;
import dev.templatestudio.bridge.embedded.image.ResolvedImage;
import dev.templatestudio.bridge.embedded.layer.LayerWriter;
import dev.templatestudio.bridge.embedded.oci.Descriptor;
import dev.templatestudio.bridge.embedded.oci.ImageConfig;
import dev.templatestudio.bridge.embedded.oci.MediaTypes;
import dev.templatestudio.bridge.embedded.store.BlobStore;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports a two-layer image (busybox, then a layer that deletes a file, replaces a directory
 * and adds files) and checks the results with the real skopeo, umoci, tar and e2fsck.
 */
class ExportTest {
  @TempDir Path tmp;
  private BlobStore store;
  private String manifestDigest;

  @BeforeAll
  static void host() {
    requireRoot("whiteouts in the test image and owners in the ext4 image");
  }

  @BeforeEach
  void twoLayerImage() throws Exception {
    store = new BlobStore(tmp.resolve("store"));
    Path rootfs = BusyboxFixture.rootfs(tmp.resolve("busybox"));
    Files.writeString(rootfs.resolve("home/app/old.txt"), "old");
    ResolvedImage base = ImageSources.resolve("rootfs:" + rootfs, store, PullProgress.NONE);

    Path upper = tmp.resolve("upper");
    Files.createDirectories(upper.resolve("etc"));
    run("mknod", upper.resolve("etc/hostname").toString(), "c", "0", "0");
    Files.createDirectories(upper.resolve("home/app"));
    // The sandbox mounts overlayfs with userxattr: this is how it marks a replaced dir.
    Files.getFileAttributeView(upper.resolve("home/app"), UserDefinedFileAttributeView.class)
        .write("overlay.opaque", ByteBuffer.wrap(new byte[] {'y'}));
    Files.writeString(upper.resolve("home/app/new.txt"), "new");
    Files.setAttribute(upper.resolve("home/app/new.txt"), "unix:uid", 1000);
    Files.createDirectories(upper.resolve("usr/local/bin"));
    Files.writeString(upper.resolve("usr/local/bin/hello"), "#!/bin/sh\necho hello\n");
    Files.setAttribute(upper.resolve("usr/local/bin/hello"), "unix:mode", 0755);
    Files.createLink(upper.resolve("usr/local/bin/hello-again"), upper.resolve("usr/local/bin/hello"));
    String layer = store.put(out -> LayerWriter.write(upper, out, Instant.parse("2024-01-01T00:00:00Z")), null);

    List<String> diffIds = new ArrayList<>(base.config().rootfs().diffIds());
    diffIds.add(layer);
    List<Descriptor> layers = new ArrayList<>(base.manifest().layers());
    layers.add(new Descriptor(MediaTypes.OCI_LAYER, layer, Files.size(store.path(layer))));
    ImageConfig config = new ImageConfig(base.config().created(), base.config().architecture(), "linux",
        base.config().config(), new ImageConfig.RootFs("layers", diffIds), List.of());
    manifestDigest = ImageWriter.write(store, config, layers).manifestDigest();
  }

  @Test
  void ociLayoutIsAcceptedBySkopeoAndUmoci() throws Exception {
    requireTool("skopeo", "skopeo");
    requireTool("umoci", "umoci");
    Path layout = tmp.resolve("oci");

    String exported = OciLayoutExporter.export(store, manifestDigest, layout, "v1");

    assertThat(exported).isEqualTo(manifestDigest);
    String inspect = run("skopeo", "--insecure-policy", "inspect", "oci:" + layout + ":v1");
    assertThat(inspect).contains("\"Digest\": \"" + manifestDigest + "\"").contains("\"Os\": \"linux\"");
    Path bundle = tmp.resolve("bundle");
    run("umoci", "unpack", "--image", layout + ":v1", bundle.toString());
    Path unpacked = bundle.resolve("rootfs");
    assertThat(unpacked.resolve("bin/busybox")).isRegularFile();
    assertThat(unpacked.resolve("usr/local/bin/hello")).hasContent("#!/bin/sh\necho hello\n");
    assertThat(unpacked.resolve("etc/hostname")).doesNotExist();
    assertThat(unpacked.resolve("home/app/old.txt")).doesNotExist();
    assertThat(unpacked.resolve("home/app/new.txt")).hasContent("new");
    assertThat(Files.getAttribute(unpacked.resolve("home/app/new.txt"), "unix:uid")).isEqualTo(1000);
  }

  @Test
  void rootfsTarHasTheWhiteoutsApplied() throws Exception {
    Path tar = tmp.resolve("rootfs.tar");

    List<String> warnings = RootfsExporter.exportTar(store, manifestDigest, tar);

    assertThat(warnings).isEmpty();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tar))).isEqualTo("rw-r--r--");
    Files.setPosixFilePermissions(tar, PosixFilePermissions.fromString("rw-r-----"));
    RootfsExporter.exportTar(store, manifestDigest, tar);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tar))).isEqualTo("rw-r-----");
    List<String> names = new ArrayList<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(Files.readAllBytes(tar)))) {
      TarArchiveEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        names.add(entry.getName());
      }
    }
    assertThat(names).contains("bin/busybox", "bin/sh", "home/app/new.txt", "usr/local/bin/hello",
        "usr/local/bin/hello-again", "etc/passwd");
    assertThat(names).doesNotContain("etc/hostname", "home/app/old.txt", "etc/.wh.hostname",
        "home/app/.wh..wh..opq");
    assertThat(names).doesNotHaveDuplicates();
    Path unpacked = Files.createDirectories(tmp.resolve("unpacked"));
    run("tar", "-xf", tar.toString(), "-C", unpacked.toString());
    assertThat(unpacked.resolve("usr/local/bin/hello-again")).hasContent("#!/bin/sh\necho hello\n");
    assertThat(Files.getAttribute(unpacked.resolve("usr/local/bin/hello"), "unix:nlink")).isEqualTo(2);
    assertThat(Files.readSymbolicLink(unpacked.resolve("bin/sh"))).isEqualTo(Path.of("busybox"));
  }

  @Test
  void ext4ImagePassesE2fsckAndHoldsTheMergedTree() throws Exception {
    requireTool("e2fsck", "e2fsprogs");
    requireTool("debugfs", "e2fsprogs");
    Path image = tmp.resolve("rootfs.ext4");

    RootfsExporter.exportExt4(store, manifestDigest, image);

    run("e2fsck", "-n", "-f", image.toString());
    assertThat(run("debugfs", "-R", "cat /home/app/new.txt", image.toString())).isEqualTo("new");
    assertThat(run("debugfs", "-R", "ls -l /bin", image.toString())).contains("busybox");
    assertThat(run("debugfs", "-R", "stat /home/app/new.txt", image.toString())).contains("User:  1000");
    assertThat(run("debugfs", "-R", "ls /etc", image.toString())).doesNotContain("hostname").contains("passwd");
    assertThat(run("debugfs", "-R", "ls /home/app", image.toString())).doesNotContain("old.txt");
    assertThat(tmp.resolve("store/tmp")).isEmptyDirectory();
  }

  @Test
  void exportTargetsThatCannotWorkAreOneSentence() throws Exception {
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    assertThatThrownBy(() -> OciLayoutExporter.export(store, manifestDigest, file, "v1"))
        .isInstanceOf(ExportException.class).hasMessageContaining("is a file");
    Path full = Files.createDirectories(tmp.resolve("full"));
    Files.writeString(full.resolve("stuff"), "x");
    assertThatThrownBy(() -> OciLayoutExporter.export(store, manifestDigest, full, "v1"))
        .hasMessageContaining("neither empty nor an OCI layout");
    assertThatThrownBy(() -> RootfsExporter.exportTar(store, manifestDigest, tmp.resolve("no/dir/x.tar")))
        .hasMessageContaining("its folder does not exist");
    Path folder = Files.createDirectories(tmp.resolve("a-folder"));
    assertThatThrownBy(() -> RootfsExporter.exportTar(store, manifestDigest, folder))
        .isInstanceOf(ExportException.class).hasMessageEndingWith(folder + " is a folder, not a file");
    assertThatThrownBy(() -> RootfsExporter.exportExt4(store, manifestDigest, folder))
        .hasMessageEndingWith(folder + " is a folder, not a file");
    assertThat(folder).isEmptyDirectory();
    assertThat(Files.exists(tmp.resolve("no"), LinkOption.NOFOLLOW_LINKS)).isFalse();
  }

  @Test
  void anOciLayoutIsNeverWrittenThroughALink() throws Exception {
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    Path layout = Files.createDirectories(tmp.resolve("linked-layout"));
    Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    Files.createSymbolicLink(layout.resolve("blobs"), elsewhere);
    assertThatThrownBy(() -> OciLayoutExporter.export(store, manifestDigest, layout, "v1"))
        .isInstanceOf(ExportException.class).hasMessageContaining("blobs/sha256 is a symbolic link");
    assertThat(elsewhere).isEmptyDirectory();

    Files.delete(layout.resolve("blobs"));
    Path blobs = Files.createDirectories(layout.resolve("blobs/sha256"));
    Path decoy = Files.writeString(elsewhere.resolve("decoy"), "not a blob");
    Files.createSymbolicLink(blobs.resolve(manifestDigest.substring("sha256:".length())), decoy);
    OciLayoutExporter.export(store, manifestDigest, layout, "v1");
    assertThat(Files.readString(decoy)).isEqualTo("not a blob");
    assertThat(blobs.resolve(manifestDigest.substring("sha256:".length()))).isRegularFile()
        .hasBinaryContent(store.read(manifestDigest));
  }

  @Test
  void ociLayoutBlobsAreCopiesNotLinksIntoTheStore() throws Exception {
    Path layout = tmp.resolve("copied-layout");
    OciLayoutExporter.export(store, manifestDigest, layout, "v1");

    try (var blobs = Files.list(layout.resolve("blobs/sha256"))) {
      for (Path blob : blobs.collect(java.util.stream.Collectors.toList())) {
        assertThat(Files.getAttribute(blob, "unix:nlink")).as(blob.toString()).isEqualTo(1);
        Path inStore = store.path("sha256:" + blob.getFileName());
        if (Files.exists(inStore)) {
          assertThat(Files.isSameFile(blob, inStore)).as(blob.toString()).isFalse();
        }
      }
    }
  }
}
