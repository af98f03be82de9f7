package dev.templatestudio.bridge.embedded.image;

import static dev.templatestudio.bridge.embedded.layer.HostRequirements.requireTool;
import static org.assertj.core.api.Assertions.fail;

import dev.templatestudio.bridge.embedded.BusyboxFixture;
import dev.templatestudio.bridge.embedded.export.OciLayoutExporter;
import dev.templatestudio.bridge.embedded.layer.LayerExtractor;
import dev.templatestudio.bridge.embedded.store.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Real images for the tests: busybox from Debian's busybox-static, and the real skopeo. */
final class TestImages {
  private TestImages() {}

  static Path busyboxRootfs(Path dir) throws IOException {
    if (!BusyboxFixture.available()) {
      fail("a static busybox is missing: apt-get install busybox-static (listed in .ci/apt-packages.txt)");
    }
    return BusyboxFixture.rootfs(dir);
  }

  /** A one-layer busybox image in {@code store}. */
  static ResolvedImage busybox(BlobStore store, Path tmp) throws IOException {
    return ImageSources.resolve("rootfs:" + busyboxRootfs(tmp.resolve("busybox")), store, PullProgress.NONE);
  }

  /** An OCI layout holding {@code image} under {@code tag}. */
  static Path layout(BlobStore store, ResolvedImage image, Path dir, String tag) throws IOException {
    OciLayoutExporter.export(store, image.manifestDigest(), dir, tag);
    return dir;
  }

  /** Runs skopeo (no signature policy: these are the test's own images). */
  static String skopeo(String... args) {
    List<String> command = new ArrayList<>(List.of(requireTool("skopeo", "skopeo"), "--insecure-policy"));
    command.addAll(List.of(args));
    return dev.templatestudio.bridge.embedded.layer.HostRequirements.run(command.toArray(new String[0]));
  }

  static void push(Path layout, String tag, String registryRef) {
    skopeo("copy", "--dest-tls-verify=false", "oci:" + layout + ":" + tag, "docker://" + registryRef);
  }

  /** Unpacks every layer of an image into {@code dir/0}, {@code dir/1}, ... and returns the warnings. */
  static List<String> extractAll(BlobStore store, ResolvedImage image, Path dir) throws IOException {
    List<String> warnings = new ArrayList<>();
    for (int i = 0; i < image.manifest().layers().size(); i++) {
      try (InputStream in = store.open(image.manifest().layers().get(i).digest())) {
        warnings.addAll(LayerExtractor.extract(in, dir.resolve(Integer.toString(i))));
      }
    }
    return warnings;
  }
}
