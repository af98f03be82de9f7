package dev.templatestudio.bridge.embedded.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.templatestudio.bridge.embedded.oci.Descriptor;
import dev.templatestudio.bridge.embedded.oci.ImageConfig;
import dev.templatestudio.bridge.embedded.store.BlobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pushes to a real docker-registry on loopback, checked with the real skopeo and by pulling
 * back; broken uploads through a proxy that cuts connections.
 */
class RegistryPushTest {
  private static final long CHUNK = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;
  private LoopbackRegistry registry;
  private BlobStore store;
  private ResolvedImage app;

  @BeforeEach
  void setUp() throws Exception {
    registry = LoopbackRegistry.start(tmp.resolve("storage"), tmp);
    store = new BlobStore(tmp.resolve("store"));
    ResolvedImage busybox = TestImages.busybox(store, tmp);
    ImageConfig config = new ImageConfig("1970-01-01T00:00:00Z", HostPlatform.architecture(), "linux",
        new ImageConfig.Config("1000:1000", List.of("PATH=/bin", "GREETING=hello"), null,
            List.of("/bin/sh", "-c", "httpd -f -p 8080"), "/srv",
            Map.of("dev.templatestudio.ready", "{\"type\":\"port\",\"port\":8080}"), null),
        busybox.config().rootfs(), List.of());
    app = LocalImages.store(store, config, busybox.manifest().layers());
    assertThat(busybox.manifest().layers().get(0).size()).isGreaterThan(4 * CHUNK);
  }

  @AfterEach
  void tearDown() throws Exception {
    registry.close();
  }

  @Test
  void aPushedTemplateIsWhatSkopeoSeesPullsBackAndIsSkippedOrMountedNextTime() throws Exception {
    Recorder progress = new Recorder();
    RegistryPush.Result result = push(registry.host() + "/test/app:1", progress);

    assertThat(result.uploaded()).isEqualTo(2);
    assertThat(result.reference()).isEqualTo(registry.host() + "/test/app:1");
    assertThat(progress.states).contains("UPLOADING", "DONE");
    JsonNode inspect = JSON.readTree(TestImages.skopeo("inspect", "--tls-verify=false",
        "docker://" + registry.host() + "/test/app:1"));
    assertThat(inspect.path("Digest").asText()).isEqualTo(result.digest());
    assertThat(inspect.path("Labels").path(PushConfig.TEMPLATE_LABEL).asText()).isEqualTo("app@" + app.manifestDigest());
    assertThat(inspect.path("Labels").path("dev.templatestudio.ready").asText()).contains("8080");
    JsonNode config = JSON.readTree(TestImages.skopeo("inspect", "--config", "--tls-verify=false",
        "docker://" + registry.host() + "/test/app:1")).path("config");
    assertThat(config.path("User").asText()).isEqualTo("1000:1000");
    assertThat(config.path("WorkingDir").asText()).isEqualTo("/srv");
    assertThat(config.path("Env").toString()).contains("GREETING=hello");
    assertThat(config.path("Cmd").toString()).isEqualTo("[\"/bin/sh\",\"-c\",\"httpd -f -p 8080\"]");
    assertThat(config.path("ExposedPorts").has("8080/tcp")).isTrue();

    BlobStore other = new BlobStore(tmp.resolve("other"));
    ResolvedImage pulled = ImageSources.resolve(registry.host() + "/test/app:1", other, PullProgress.NONE);
    assertThat(pulled.manifestDigest()).isEqualTo(result.digest());
    assertThat(pulled.manifest().layers().stream().map(Descriptor::digest))
        .containsExactlyElementsOf(app.manifest().layers().stream().map(Descriptor::digest).toList());

    RegistryPush.Result again = push(registry.host() + "/test/app:1", new Recorder());
    assertThat(again.existed()).isEqualTo(2);
    assertThat(again.uploaded()).isZero();
    assertThat(again.digest()).isEqualTo(result.digest());
    RegistryPush.Result mounted = push(registry.host() + "/team/copy:2", new Recorder());
    assertThat(mounted.mounted()).isEqualTo(2);
    assertThat(mounted.bytesSent()).isZero();

    assertThatThrownBy(() -> push(registry.host() + "/test/app@" + result.digest(), new Recorder()))
        .hasMessageStartingWith("push needs a destination with a tag and no digest");
  }

  @Test
  void aChunkCutOffIsResumedFromWhatTheRegistryHas() throws Exception {
    try (FaultProxy proxy = new FaultProxy(Integer.parseInt(registry.host().split(":")[1]))) {
      proxy.cutPatchesAfter = 2;
      proxy.once = true;
      Recorder progress = new Recorder();

      RegistryPush.Result result = push(proxy.host() + "/test/app:1", progress);

      // Once, from what the registry has. A second break that started the upload anew came
      // from the layer's reader: a cut that broke its first write left it a write ahead.
      assertThat(progress.resumedAt).containsExactly(2 * CHUNK);
      BlobStore other = new BlobStore(tmp.resolve("other"));
      assertThat(ImageSources.resolve(registry.host() + "/test/app:1", other, PullProgress.NONE).manifestDigest())
          .isEqualTo(result.digest());
    }
  }

  @Test
  void aChunkForAnUploadTheRegistryDroppedStartsTheUploadAnew() throws Exception {
    ImageReference dest = ImageReference.parse(registry.host() + "/test/app:1");
    String scope = "repository:test/app:pull,push";
    OkHttpClient http = new OkHttpClient();
    try {
      RegistryAuth auth = RegistryAuth.of(http, dest.registry(), null);
      Recorder progress = new Recorder();
      BlobUpload upload = new BlobUpload(auth, dest, scope, CHUNK, progress);
      // As after a half-written chunk: the registry has given up the upload the push holds.
      HttpUrl dropped = upload.start();
      try (Response cancel = auth.execute(new Request.Builder().url(dropped).delete(), scope)) {
        assertThat(cancel.code()).isEqualTo(204);
      }
      Descriptor layer = app.manifest().layers().get(0);
      try (BlobReader reader = new BlobReader(store, layer.digest())) {
        upload.upload(reader, layer.digest(), tmp.resolve("dropped.upload"), dropped);
      }

      assertThat(progress.resumedAt).containsExactly(0L);
      HttpUrl blob = HttpUrl.get(dest.baseUrl() + "/v2/test/app/blobs/" + layer.digest());
      try (Response head = auth.execute(new Request.Builder().url(blob).head(), scope)) {
        assertThat(head.code()).isEqualTo(200);
      }
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  @Test
  void anUploadThatKeepsBreakingFailsInOneSentenceAndTheNextPushResumesIt() throws Exception {
    long size = app.manifest().layers().get(0).size();
    try (FaultProxy proxy = new FaultProxy(Integer.parseInt(registry.host().split(":")[1]))) {
      proxy.cutPatchesAfter = 2;
      String layer = app.manifest().layers().get(0).digest();

      assertThatThrownBy(() -> push(proxy.host() + "/test/app:1", new Recorder()))
          .isInstanceOf(ImageSourceException.class)
          .hasMessageStartingWith("the upload of " + layer + " to registry " + proxy.host() + " broke off after "
              + 2 * CHUNK + " of " + size + " bytes 3 times (")
          .hasMessageEndingWith("); run push again to resume it");

      proxy.cutPatchesAfter = -1;
      proxy.bytesSent.set(0);
      Recorder progress = new Recorder();
      RegistryPush.Result result = push(proxy.host() + "/test/app:1", progress);
      assertThat(progress.resumedAt).containsExactly(2 * CHUNK);
      assertThat(proxy.bytesSent.get()).isLessThan(size - CHUNK);
      try (var left = Files.list(store.root().resolve("tmp"))) {
        assertThat(left.filter(p -> p.getFileName().toString().endsWith(".upload"))).isEmpty();
      }
      assertThat(ImageSources.resolve(registry.host() + "/test/app:1", new BlobStore(tmp.resolve("o")),
          PullProgress.NONE).manifestDigest()).isEqualTo(result.digest());
    }
  }

  @Test
  void aTokenRealmThatWantsALoginTakesAPushWithItAndRefusesOneWithout() throws Exception {
    try (LoopbackTokenServer tokens = LoopbackTokenServer.start(tmp);
         LoopbackRegistry guarded = LoopbackRegistry.start(tmp.resolve("guarded"), tmp, tokens.registryAuthYaml())) {
      tokens.requireLogin("ci", "pw-for-push", "unused");
      String dest = guarded.host() + "/team/app:1";
      Path none = Files.createDirectories(tmp.resolve("none"));
      RegistryCredentials anonymous = new RegistryCredentials(none.resolve("config.json"), "");
      assertThatThrownBy(() -> RegistryPush.push(store, "app@" + app.manifestDigest(), app.manifestDigest(), dest,
          anonymous, PushProgress.NONE, CHUNK))
          .hasMessageStartingWith("registry " + guarded.host() + " refused an anonymous token for team/app");

      Path dir = Files.createDirectories(tmp.resolve("docker"));
      RegistryCredentials login = new RegistryCredentials(dir.resolve("config.json"), "");
      login.store(guarded.host(), Credential.basic("ci", "pw-for-push"));
      RegistryPush.Result result = RegistryPush.push(store, "app@" + app.manifestDigest(), app.manifestDigest(), dest,
          login, PushProgress.NONE, CHUNK);
      assertThat(result.uploaded()).isEqualTo(2);
      // The registry names the actions in either order.
      assertThat(tokens.requests()).anyMatch(q -> q.contains("scope=repository:team/app:pull,push")
          || q.contains("scope=repository:team/app:push,pull"));
      assertThat(RegistrySource.resolve(dest, new BlobStore(tmp.resolve("back")), PullProgress.NONE, login)
          .manifestDigest()).isEqualTo(result.digest());
    }
  }

  private RegistryPush.Result push(String dest, Recorder progress) throws Exception {
    return RegistryPush.push(store, "app@" + app.manifestDigest(), app.manifestDigest(), dest, null, progress, CHUNK);
  }

  private static final class Recorder implements PushProgress {
    final List<String> states = new ArrayList<>();
    final List<Long> resumedAt = new ArrayList<>();

    @Override
    public void blob(String digest, long done, long total, State state) {
      states.add(state.name());
      if (state == State.RESUMED) {
        resumedAt.add(done);
      }
    }
  }
}
