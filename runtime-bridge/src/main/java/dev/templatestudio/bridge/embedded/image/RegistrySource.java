package dev.templatestudio.bridge.embedded.image;

import dev.templatestudio.bridge.embedded.oci.Descriptor;
import dev.templatestudio.bridge.embedded.oci.MediaTypes;
import dev.templatestudio.bridge.embedded.store.BlobStore;
import dev.templatestudio.bridge.embedded.store.DiskBoundException;
import dev.templatestudio.bridge.embedded.store.DiskBudget;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Pulls an image over the OCI distribution API. Blobs the store has are skipped; a blob
 * download interrupted half-way stays as {@code ROOT/tmp/pull-<hex>.partial} and the next pull
 * asks for the rest with a Range request. Concurrent pulls of one blob (threads or processes)
 * take turns through a file lock on the partial file. One instance per pull; blocking.
 */
final class RegistrySource implements ImageCopy.Source {
  static final String ACCEPT = String.join(", ", MediaTypes.OCI_INDEX, MediaTypes.OCI_MANIFEST,
      MediaTypes.DOCKER_MANIFEST_LIST, MediaTypes.DOCKER_MANIFEST);
  /** Docker's own bound for a manifest is 4 MiB. */
  private static final long MAX_MANIFEST = 4L << 20;
  /** An image config (or a registry cache's index) is kilobytes; 64 MiB leaves room for big histories. */
  private static final long MAX_CONFIG = 64L << 20;
  private static final Map<String, ReentrantLock> DOWNLOADS = new ConcurrentHashMap<>();
  private static final OkHttpClient SHARED = new OkHttpClient.Builder()
      .connectTimeout(Duration.ofSeconds(15))
      .readTimeout(Duration.ofSeconds(60))
      .build();

  private final ImageReference ref;
  private final RegistryAuth auth;

  RegistrySource(ImageReference ref, OkHttpClient http, RegistryCredentials credentials) {
    this.ref = ref;
    this.auth = RegistryAuth.of(http, ref.registry(), credentials);
  }

  /** Pulls with the logins of this process's user (a serve process: the server's, never a client's). */
  static ResolvedImage resolve(String text, BlobStore store, PullProgress progress) throws IOException {
    return resolve(text, store, progress, RegistryCredentials.current());
  }

  static ResolvedImage resolve(String text, BlobStore store, PullProgress progress, RegistryCredentials credentials)
      throws IOException {
    ImageReference ref = ImageReference.parse(text);
    progress.message("pulling " + text + " from " + ref.registry());
    RegistrySource source = new RegistrySource(ref, SHARED, credentials);
    byte[] top;
    String mediaType;
    try (Response response = source.get("manifests/" + ref.reference(), ACCEPT, -1)) {
      if (response.code() == 404) {
        throw new ImageSourceException("image " + text + " was not found in registry " + ref.registry());
      }
      source.check(response, "manifest");
      top = source.bounded(response, MAX_MANIFEST, "manifest of " + text);
      mediaType = response.header("Content-Type");
      String announced = response.header("Docker-Content-Digest");
      if (ref.digest() == null && announced != null && announced.startsWith("sha256:")
          && !announced.equals(ImageCopy.digestOf(top))) {
        throw new ImageSourceException("image " + text + ": the registry announced manifest " + announced
            + " but sent other content");
      }
    }
    String digest = ref.digest() != null ? ref.digest() : ImageCopy.digestOf(top);
    return ImageCopy.copy(source, new Descriptor(mediaType, digest, top.length), top, store, progress, text);
  }

  /** A source for {@code ref} with the shared client; for pulls that are not images (a registry cache). */
  static RegistrySource open(ImageReference ref, RegistryCredentials credentials) {
    return new RegistrySource(ref, SHARED, credentials);
  }

  /** The manifest {@code reference} (tag or digest) as sent, or null when the registry has none. */
  byte[] manifest(String reference) throws IOException {
    try (Response response = get("manifests/" + reference, ACCEPT, -1)) {
      if (response.code() == 404) {
        return null;
      }
      check(response, "manifest");
      return bounded(response, MAX_MANIFEST, "manifest " + reference);
    }
  }

  @Override
  public byte[] read(Descriptor descriptor) throws IOException {
    String path = (HostPlatform.isIndex(descriptor.mediaType()) || isManifest(descriptor.mediaType())
        ? "manifests/" : "blobs/") + descriptor.digest();
    boolean manifest = path.startsWith("manifests/");
    try (Response response = get(path, ACCEPT, -1)) {
      check(response, descriptor.digest());
      return bounded(response, manifest ? MAX_MANIFEST : MAX_CONFIG, descriptor.digest());
    }
  }

  /**
   * The body, refused past {@code max} bytes: a manifest or config is small, and a registry that
   * sends more is broken or hostile, not something to hold in memory.
   */
  private byte[] bounded(Response response, long max, String what) throws IOException {
    okio.BufferedSource body = response.body().source();
    if (body.request(max + 1)) {
      throw new ImageSourceException("registry " + ref.registry() + " sent more than " + max / (1024 * 1024)
          + " MiB for " + what);
    }
    return body.readByteArray();
  }

  @Override
  public void fetch(Descriptor descriptor, BlobStore store, PullProgress progress) throws IOException {
    String hex = descriptor.digest().substring(descriptor.digest().indexOf(':') + 1);
    Path partial = store.root().resolve("tmp").resolve("pull-" + hex + ".partial");
    // A FileLock keeps other processes out; threads of this JVM must also queue, since a
    // second lock on the same file from one JVM throws instead of waiting.
    ReentrantLock local = DOWNLOADS.computeIfAbsent(partial.toAbsolutePath().toString(), k -> new ReentrantLock());
    local.lock();
    try {
      fetchLocked(descriptor, store, progress, partial);
    } finally {
      local.unlock();
    }
  }

  private void fetchLocked(Descriptor descriptor, BlobStore store, PullProgress progress, Path partial)
      throws IOException {
    if (store.has(descriptor.digest())) {
      progress.blob(descriptor.digest(), descriptor.size(), descriptor.size(), true);
      return;
    }
    try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
         FileLock lock = channel.lock()) {
      if (store.has(descriptor.digest())) {
        // Another process finished it while this one waited; the path is no longer ours to delete.
        progress.blob(descriptor.digest(), descriptor.size(), descriptor.size(), true);
        return;
      }
      try {
        download(descriptor, channel, progress, store.budget());
      } catch (DiskBoundException e) {
        // Past the build's bound: nothing of it is kept for a next pull.
        channel.truncate(0);
        throw e;
      } catch (ImageSourceException | java.io.InterruptedIOException e) {
        throw e;
      } catch (IOException e) {
        throw new ImageSourceException("the download of " + descriptor.digest() + " from registry "
            + ref.registry() + " broke off after " + channel.size() + " bytes (" + e.getMessage()
            + "); run again to resume it", e);
      }
      channel.force(true);
    }
    store.adopt(partial, descriptor.digest());
    // Where it came from, so a push of an image built on it can mount it instead of uploading.
    new BlobSources(store.root()).record(ref.registry(), ref.repository(), descriptor.digest());
  }

  private void download(Descriptor descriptor, FileChannel channel, PullProgress progress, DiskBudget budget)
      throws IOException {
    long have = channel.size();
    // What an earlier pull left in the partial file is this build's disk too.
    budget.charge(have);
    if (descriptor.size() > 0 && have >= descriptor.size()) {
      // Complete but not adopted (killed after the download): the digest check decides.
      return;
    }
    try (Response response = get("blobs/" + descriptor.digest(), "*/*", have)) {
      if (response.code() == 206) {
        String range = response.header("Content-Range", "");
        if (!range.startsWith("bytes " + have + "-")) {
          throw new ImageSourceException("registry " + ref.registry() + " answered a resumed download of "
              + descriptor.digest() + " with the wrong range: " + range);
        }
      } else {
        check(response, descriptor.digest());
        have = 0;
        channel.truncate(0);
      }
      channel.position(have);
      long total = descriptor.size();
      byte[] buffer = new byte[1 << 16];
      long lastReport = 0;
      try (InputStream in = response.body().byteStream()) {
        int n;
        while ((n = in.read(buffer)) > 0) {
          if (total > 0 && have + n > total) {
            // A registry that sends more than the manifest says is wrong, or an attack on the disk.
            throw new ImageSourceException("registry " + ref.registry() + " sent more than the "
                + total + " bytes the manifest gives for " + descriptor.digest());
          }
          budget.charge(n);
          ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
          while (bytes.hasRemaining()) {
            channel.write(bytes);
          }
          have += n;
          if (Thread.currentThread().isInterrupted()) {
            // Cancelled: what is written stays in the partial file for the next pull.
            throw new java.io.InterruptedIOException("cancelled");
          }
          if (have - lastReport >= (1 << 20)) {
            progress.blob(descriptor.digest(), have, total, false);
            lastReport = have;
          }
        }
      }
      progress.blob(descriptor.digest(), have, total, false);
    }
  }

  /** GET /v2/REPO/PATH, answering one auth challenge; {@code from} > 0 asks for a range. */
  private Response get(String path, String accept, long from) throws IOException {
    Request.Builder request = new Request.Builder()
        .url(ref.baseUrl() + "/v2/" + ref.repository() + "/" + path)
        .header("Accept", accept)
        .get();
    if (from > 0) {
      request.header("Range", "bytes=" + from + "-");
    }
    return auth.execute(request, "repository:" + ref.repository() + ":pull");
  }

  private void check(Response response, String what) throws ImageSourceException {
    if (response.code() == 401 || response.code() == 403) {
      throw new ImageSourceException("registry " + ref.registry() + " denied access to " + ref.repository()
          + " (HTTP " + response.code() + "); " + auth.loginHint());
    }
    if (!response.isSuccessful()) {
      throw new ImageSourceException("registry " + ref.registry() + " answered HTTP " + response.code()
          + " for " + what + " of " + ref.repository());
    }
  }

  private static boolean isManifest(String mediaType) {
    return MediaTypes.OCI_MANIFEST.equals(mediaType) || MediaTypes.DOCKER_MANIFEST.equals(mediaType);
  }
}
