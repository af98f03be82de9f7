package dev.templatestudio.bridge.embedded.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.templatestudio.bridge.embedded.oci.Descriptor;
import dev.templatestudio.bridge.embedded.oci.ImageConfig;
import dev.templatestudio.bridge.embedded.oci.ImageIndex;
import dev.templatestudio.bridge.embedded.oci.MediaTypes;
import dev.templatestudio.bridge.embedded.store.BlobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulls over the OCI distribution API from a real registry (Debian's docker-registry) on
 * loopback, with images pushed there by the real skopeo. Never the internet.
 */
class RegistryPullTest {
  @TempDir Path tmp;
  private LoopbackRegistry registry;
  private BlobStore source;
  private ResolvedImage busybox;

  @BeforeEach
  void setUp() throws Exception {
    registry = LoopbackRegistry.start(tmp.resolve("registry-storage"), tmp);
    source = new BlobStore(tmp.resolve("source"));
    busybox = TestImages.busybox(source, tmp);
    TestImages.push(TestImages.layout(source, busybox, tmp.resolve("layout"), "1"), "1",
        registry.host() + "/test/busybox:1");
  }

  @AfterEach
  void tearDown() throws Exception {
    registry.close();
  }

  @Test
  void pullsByTagAndByDigestAndSkipsWhatTheStoreHas() throws Exception {
    BlobStore store = new BlobStore(tmp.resolve("store"));
    RecordingProgress progress = new RecordingProgress();

    ResolvedImage pulled = ImageSources.resolve(registry.host() + "/test/busybox:1", store, progress);

    assertThat(pulled.config().rootfs().diffIds()).isEqualTo(busybox.config().rootfs().diffIds());
    for (Descriptor layer : pulled.manifest().layers()) {
      assertThat(store.has(layer.digest())).isTrue();
    }
    assertThat(store.has(pulled.manifestDigest())).isTrue();
    assertThat(progress.messages).anyMatch(m -> m.contains("pulling") && m.contains(registry.host()));
    assertThat(progress.skipped).isEmpty();
    TestImages.extractAll(store, pulled, tmp.resolve("x"));
    assertThat(tmp.resolve("x/0/bin/busybox")).isRegularFile();

    RecordingProgress second = new RecordingProgress();
    ResolvedImage byDigest = ImageSources.resolve(
        registry.host() + "/test/busybox@" + pulled.manifestDigest(), store, second);
    assertThat(byDigest.manifestDigest()).isEqualTo(pulled.manifestDigest());
    assertThat(second.skipped).containsExactlyElementsOf(
        pulled.manifest().layers().stream().map(Descriptor::digest).toList());
  }

  @Test
  void aDockerSchema2ImageIsPulledAndExportedAsOciForUmoci() throws Exception {
    TestImages.skopeo("copy", "--format", "v2s2", "--dest-compress", "--dest-tls-verify=false",
        "oci:" + tmp.resolve("layout") + ":1", "docker://" + registry.host() + "/test/docker:1");
    BlobStore store = new BlobStore(tmp.resolve("store"));

    ResolvedImage pulled = ImageSources.resolve(registry.host() + "/test/docker:1", store, PullProgress.NONE);

    assertThat(pulled.manifest().mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    assertThat(pulled.manifest().layers().get(0).mediaType()).isEqualTo(MediaTypes.DOCKER_LAYER_GZIP);
    assertThat(pulled.config().rootfs().diffIds()).isEqualTo(busybox.config().rootfs().diffIds());
    Path layout = tmp.resolve("exported");
    String exported = dev.templatestudio.bridge.embedded.export.OciLayoutExporter.export(
        store, pulled.manifestDigest(), layout, "v1");
    assertThat(exported).isNotEqualTo(pulled.manifestDigest());
    Path bundle = tmp.resolve("bundle");
    dev.templatestudio.bridge.embedded.layer.HostRequirements.run(
        dev.templatestudio.bridge.embedded.layer.HostRequirements.requireTool("umoci", "umoci"),
        "unpack", "--image", layout + ":v1", bundle.toString());
    assertThat(bundle.resolve("rootfs/bin/busybox")).isRegularFile();
  }

  @Test
  void twoPullsOfOneImageAtOnceShareTheStore() throws Exception {
    BlobStore store = new BlobStore(tmp.resolve("store"));
    String image = registry.host() + "/test/busybox:1";
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var first = pool.submit(() -> ImageSources.resolve(image, store, PullProgress.NONE));
      var second = pool.submit(() -> ImageSources.resolve(image, store, PullProgress.NONE));
      assertThat(first.get().manifestDigest()).isEqualTo(second.get().manifestDigest());
    } finally {
      pool.shutdown();
    }
    try (var leftovers = Files.list(store.root().resolve("tmp"))) {
      assertThat(leftovers).isEmpty();
    }
  }

  @Test
  void aManifestListResolvesToThisMachinesPlatform() throws Exception {
    Path layout = tmp.resolve("multi");
    BlobStore blobs = new BlobStore(layout);
    Descriptor host = copyManifest(source, busybox, blobs);
    ImageConfig armConfig = new ImageConfig("1970-01-01T00:00:00Z", "arm64", "linux", null,
        busybox.config().rootfs(), List.of());
    ResolvedImage arm = LocalImages.store(blobs, armConfig, busybox.manifest().layers());
    Descriptor armManifest = new Descriptor(MediaTypes.OCI_MANIFEST, arm.manifestDigest(),
        Files.size(blobs.path(arm.manifestDigest())), null, new Descriptor.Platform("arm64", "linux", "v8"));
    Descriptor hostManifest = new Descriptor(host.mediaType(), host.digest(), host.size(), null,
        new Descriptor.Platform(HostPlatform.architecture(), "linux", null));
    byte[] index = OciJson.write(new ImageIndex(2, MediaTypes.OCI_INDEX, List.of(armManifest, hostManifest), null));
    String indexDigest = blobs.put(index);
    Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    Files.write(layout.resolve("index.json"), OciJson.write(new ImageIndex(2, MediaTypes.OCI_INDEX,
        List.of(new Descriptor(MediaTypes.OCI_INDEX, indexDigest, index.length,
            Map.of("org.opencontainers.image.ref.name", "multi"), null)), null)));
    TestImages.skopeo("copy", "--all", "--dest-tls-verify=false", "oci:" + layout + ":multi",
        "docker://" + registry.host() + "/test/multi:1");
    BlobStore store = new BlobStore(tmp.resolve("store"));

    ResolvedImage pulled = ImageSources.resolve(registry.host() + "/test/multi:1", store, PullProgress.NONE);

    assertThat(pulled.config().architecture()).isEqualTo(HostPlatform.architecture());
    // skopeo may re-serialise manifests on push; the config digest is what identifies the image.
    assertThat(pulled.manifest().config().digest()).isEqualTo(busybox.manifest().config().digest());
  }

  @Test
  void anInterruptedBlobDownloadIsResumedWithARangeRequest() throws Exception {
    BlobStore first = new BlobStore(tmp.resolve("first"));
    ResolvedImage pulled = ImageSources.resolve(registry.host() + "/test/busybox:1", first, PullProgress.NONE);
    Descriptor layer = pulled.manifest().layers().get(0);
    byte[] content = first.read(layer.digest());
    BlobStore store = new BlobStore(tmp.resolve("store"));
    Path partial = store.root().resolve("tmp/pull-" + layer.digest().substring(7) + ".partial");

    // A wrong first half proves the rest was fetched with Range: a full download would succeed.
    byte[] wrongHalf = new byte[content.length / 2];
    Arrays.fill(wrongHalf, (byte) 'x');
    Files.write(partial, wrongHalf);
    assertThatThrownBy(() -> ImageSources.resolve(registry.host() + "/test/busybox:1", store, PullProgress.NONE))
        .hasMessageContaining("does not match its digest");
    assertThat(partial).doesNotExist();
    assertThat(store.has(layer.digest())).isFalse();

    Files.write(partial, Arrays.copyOf(content, content.length / 2));
    RecordingProgress progress = new RecordingProgress();
    ImageSources.resolve(registry.host() + "/test/busybox:1", store, progress);
    assertThat(store.read(layer.digest())).isEqualTo(content);
    assertThat(partial).doesNotExist();
  }

  @Test
  void bearerTokensAreFetchedFromTheRealmTheRegistryNames() throws Exception {
    try (LoopbackTokenServer tokens = LoopbackTokenServer.start(tmp);
         LoopbackRegistry guarded = LoopbackRegistry.start(tmp.resolve("registry-storage"), tmp,
             tokens.registryAuthYaml())) {
      BlobStore store = new BlobStore(tmp.resolve("store"));

      ResolvedImage pulled = ImageSources.resolve(guarded.host() + "/test/busybox:1", store, PullProgress.NONE);

      assertThat(pulled.config().rootfs().diffIds()).isEqualTo(busybox.config().rootfs().diffIds());
      assertThat(tokens.requests()).isNotEmpty()
          .allMatch(q -> q.contains("service=" + LoopbackTokenServer.SERVICE)
              && q.contains("scope=repository:test/busybox:pull"));

      tokens.refuse();
      BlobStore other = new BlobStore(tmp.resolve("other"));
      assertThatThrownBy(() -> ImageSources.resolve(guarded.host() + "/test/busybox:1", other, PullProgress.NONE))
          .isInstanceOf(ImageSourceException.class)
          .hasMessageContaining("refused an anonymous token for test/busybox");
    }
  }

  @Test
  void unknownImagesAndUnreachableRegistriesAreOneSentence() throws Exception {
    BlobStore store = new BlobStore(tmp.resolve("store"));
    assertThatThrownBy(() -> ImageSources.resolve(registry.host() + "/test/nothing:1", store, PullProgress.NONE))
        .isInstanceOf(ImageSourceException.class).hasMessageContaining("was not found in registry");
    int closed = LoopbackRegistry.freePort();
    assertThatThrownBy(() -> ImageSources.resolve("127.0.0.1:" + closed + "/x:1", store, PullProgress.NONE))
        .isInstanceOf(ImageSourceException.class).hasMessageContaining("cannot reach registry");
  }

  private static Descriptor copyManifest(BlobStore from, ResolvedImage image, BlobStore to) throws Exception {
    for (String digest : List.of(image.manifest().config().digest(), image.manifest().layers().get(0).digest(),
        image.manifestDigest())) {
      to.put(out -> {
        try (var in = from.open(digest)) {
          in.transferTo(out);
        }
      }, digest);
    }
    return new Descriptor(MediaTypes.OCI_MANIFEST, image.manifestDigest(), Files.size(from.path(image.manifestDigest())));
  }

  private static final class RecordingProgress implements PullProgress {
    final List<String> messages = new ArrayList<>();
    final List<String> skipped = new ArrayList<>();

    @Override
    public void message(String text) {
      messages.add(text);
    }

    @Override
    public void blob(String digest, long done, long total, boolean wasSkipped) {
      if (wasSkipped) {
        skipped.add(digest);
      }
    }
  }
}
