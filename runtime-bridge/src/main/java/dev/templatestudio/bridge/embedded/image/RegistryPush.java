package dev.templatestudio.bridge.embedded.image;

import dev.templatestudio.bridge.embedded.oci.Descriptor;
import dev.templatestudio.bridge.embedded.oci.ImageConfig;
import dev.templatestudio.bridge.embedded.oci.Manifest;
import dev.templatestudio.bridge.embedded.oci.MediaTypes;
import dev.templatestudio.bridge.embedded.store.BlobStore;
import dev.templatestudio.bridge.io.Digests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Pushes a built template to a registry as an OCI image: its layers, a config that carries the
 * template's run config and labels (see {@link PushConfig}), and an OCI manifest under the
 * destination's tag. A blob the registry has is skipped (HEAD); one the store knows from
 * another repository of that registry is mounted from there; the rest is uploaded in chunks
 * that resume (see {@link BlobUpload}). Uses the logins of this process's user. Blocking.
 */
public final class RegistryPush {
  /** Large enough to keep requests few, small enough that a broken chunk costs little. */
  static final long CHUNK = 8L << 20;
  private static final int MOUNT_TRIES = 3;
  private static final OkHttpClient HTTP = new OkHttpClient.Builder()
      .connectTimeout(Duration.ofSeconds(15)).readTimeout(Duration.ofSeconds(120)).writeTimeout(Duration.ofSeconds(120))
      // A chunk that broke off is resumed by BlobUpload from what the registry says it has; a
      // silent resend by the client could send it twice.
      .retryOnConnectionFailure(false).build();

  private RegistryPush() {}

  /** What was pushed, and how each blob got there. */
  public record Result(String digest, String reference, int uploaded, int existed, int mounted, long bytesSent) {}

  /** Pushes the store's image {@code manifestDigest}, built as {@code templateRef}, to {@code dest}. */
  public static Result push(BlobStore store, String templateRef, String manifestDigest, String dest,
      RegistryCredentials credentials, PushProgress progress) throws IOException {
    return push(store, templateRef, manifestDigest, dest, credentials, progress, CHUNK);
  }

  static Result push(BlobStore store, String templateRef, String manifestDigest, String dest,
      RegistryCredentials credentials, PushProgress progress, long chunkSize) throws IOException {
    ImageReference target = ImageReference.parse(dest);
    if (target.tag() == null || target.digest() != null) {
      throw new ImageSourceException("push needs a destination with a tag and no digest, such as "
          + target.registry() + "/" + target.repository() + ":latest, not " + dest);
    }
    Manifest built = OciJson.read(store.read(manifestDigest), Manifest.class, "the manifest " + manifestDigest);
    ImageConfig config = OciJson.read(store.read(built.config().digest()), ImageConfig.class,
        "the image config of " + templateRef);
    byte[] configBytes = OciJson.write(PushConfig.forPush(config, templateRef));
    String configDigest = store.put(configBytes);
    List<Descriptor> layers = new ArrayList<>();
    for (Descriptor layer : built.layers()) {
      layers.add(new Descriptor(ociLayerType(layer.mediaType()), layer.digest(), layer.size()));
    }
    Manifest manifest = new Manifest(2, MediaTypes.OCI_MANIFEST,
        new Descriptor(MediaTypes.OCI_CONFIG, configDigest, configBytes.length), layers, null);
    byte[] manifestBytes = OciJson.write(manifest);

    List<Descriptor> blobs = new ArrayList<>(layers);
    blobs.add(manifest.config());
    return upload(store, templateRef, blobs, manifestBytes, target, credentials, progress, chunkSize);
  }

  /**
   * Uploads {@code blobs} (from the store) that the registry lacks, then the manifest under the
   * target's tag; for any OCI manifest whose blobs are in the store ({@code what} names it in messages).
   */
  static Result upload(BlobStore store, String what, List<Descriptor> blobs, byte[] manifestBytes,
      ImageReference target, RegistryCredentials credentials, PushProgress progress, long chunkSize)
      throws IOException {
    RegistryAuth auth = RegistryAuth.of(HTTP, target.registry(), credentials);
    String scope = "repository:" + target.repository() + ":pull,push";
    BlobSources sources = new BlobSources(store.root());
    BlobUpload upload = new BlobUpload(auth, target, scope, chunkSize, progress);
    int uploaded = 0;
    int existed = 0;
    int mounted = 0;
    long sent = 0;
    for (Descriptor blob : blobs) {
      if (!store.has(blob.digest())) {
        throw new ImageSourceException("the store lacks blob " + blob.digest() + " of " + what
            + "; build it again");
      }
      if (exists(auth, target, scope, blob.digest())) {
        existed++;
        progress.blob(blob.digest(), blob.size(), blob.size(), PushProgress.State.EXISTS);
      } else {
        HttpUrl started = null;
        boolean done = false;
        List<String> from = sources.repositories(target.registry(), blob.digest());
        from.remove(target.repository());
        for (String repository : from.subList(0, Math.min(MOUNT_TRIES, from.size()))) {
          Mount mount = mount(auth, target, repository, blob.digest());
          if (mount.mounted) {
            done = true;
            mounted++;
            progress.blob(blob.digest(), blob.size(), blob.size(), PushProgress.State.MOUNTED);
            break;
          }
          if (mount.started != null) {
            started = mount.started;
            break;
          }
        }
        if (!done) {
          try (BlobReader reader = new BlobReader(store, blob.digest())) {
            upload.upload(reader, blob.digest(), stateFile(store, target, blob.digest()), started);
          }
          uploaded++;
          sent += blob.size();
        }
      }
      sources.record(target.registry(), target.repository(), blob.digest());
    }
    String digest = ImageCopy.digestOf(manifestBytes);
    HttpUrl url = HttpUrl.get(target.baseUrl() + "/v2/" + target.repository() + "/manifests/" + target.tag());
    try (Response response = auth.execute(new Request.Builder().url(url)
        .put(RequestBody.create(manifestBytes, MediaType.get(MediaTypes.OCI_MANIFEST))), scope)) {
      if (response.code() != 201 && response.code() != 200) {
        String hint = response.code() == 401 || response.code() == 403 ? "; " + auth.loginHint() : "";
        throw new ImageSourceException("registry " + target.registry() + " refused the manifest for "
            + target.repository() + ":" + target.tag() + " (HTTP " + response.code()
            + BlobUpload.errorCode(response) + ")" + hint);
      }
      String announced = response.header("Docker-Content-Digest");
      if (announced != null && !announced.equals(digest)) {
        throw new ImageSourceException("registry " + target.registry() + " stored the manifest as " + announced
            + ", not as the " + digest + " that was sent");
      }
    }
    return new Result(digest, target.registry() + "/" + target.repository() + ":" + target.tag(),
        uploaded, existed, mounted, sent);
  }

  private static boolean exists(RegistryAuth auth, ImageReference target, String scope, String digest)
      throws IOException {
    HttpUrl url = HttpUrl.get(target.baseUrl() + "/v2/" + target.repository() + "/blobs/" + digest);
    try (Response response = auth.execute(new Request.Builder().url(url).head(), scope)) {
      if (response.code() == 401 || response.code() == 403) {
        throw new ImageSourceException("registry " + target.registry() + " denied access to "
            + target.repository() + " (HTTP " + response.code() + "); " + auth.loginHint());
      }
      return response.code() == 200;
    }
  }

  private record Mount(boolean mounted, HttpUrl started) {}

  /** Asks for a cross-repository mount; the registry may start a plain upload instead. */
  private static Mount mount(RegistryAuth auth, ImageReference target, String from, String digest) throws IOException {
    HttpUrl url = HttpUrl.get(target.baseUrl() + "/v2/" + target.repository() + "/blobs/uploads/")
        .newBuilder().addQueryParameter("mount", digest).addQueryParameter("from", from).build();
    String scope = "repository:" + target.repository() + ":pull,push repository:" + from + ":pull";
    try (Response response = auth.execute(new Request.Builder().url(url)
        .post(RequestBody.create(new byte[0], null)), scope)) {
      if (response.code() == 201) {
        return new Mount(true, null);
      }
      String location = response.header("Location");
      return new Mount(false, response.code() == 202 && location != null ? url.resolve(location) : null);
    }
  }

  /** Where a blob's unfinished upload to one repository is remembered between pushes. */
  private static Path stateFile(BlobStore store, ImageReference target, String digest) {
    String repo = Digests.hex(ImageCopy.digestOf((target.registry() + "/" + target.repository())
        .getBytes(StandardCharsets.UTF_8)));
    return store.root().resolve("tmp").resolve("push-" + Digests.hex(digest) + "-" + repo.substring(0, 16) + ".upload");
  }

  private static String ociLayerType(String type) {
    if (MediaTypes.DOCKER_LAYER_GZIP.equals(type)) {
      return MediaTypes.OCI_LAYER_GZIP;
    }
    if ("application/vnd.docker.image.rootfs.diff.tar".equals(type)) {
      return MediaTypes.OCI_LAYER;
    }
    return type;
  }
}
