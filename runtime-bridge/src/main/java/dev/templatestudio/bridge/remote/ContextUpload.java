package dev.templatestudio.bridge.remote;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Sends a build context to a server the cheapest way it takes (docs/REMOTE.md): by file when it
 * reads context manifests (the manifest, then only the contents it lacks, then it assembles the
 * context), else as one tar when it lacks that. The context is read and hashed while the first
 * request to the server is on its way. Stateless.
 */
final class ContextUpload {
  /** Rounds of sending what the server lacks; it lacks more only when it pruned meanwhile. */
  private static final int ROUNDS = 3;
  /** Uploads at once: enough to hide each request's round trip, few enough for a small server. */
  private static final int STREAMS = 4;

  private ContextUpload() {}

  /** Sends {@code context} unless the server has it; returns its digest. */
  static String send(ApiClient client, Path context, CompletableFuture<ApiClient.Health> health) throws IOException {
    return send(client, context, health, null);
  }

  /** As {@link #send(ApiClient, Path, CompletableFuture)}, with the hash memo in {@code memoDir} (null: none). */
  static String send(ApiClient client, Path context, CompletableFuture<ApiClient.Health> health, Path memoDir)
      throws IOException {
    if (context == null || !Files.isDirectory(context)) {
      throw new IOException("the template copies files or starts from a local image, so it needs a build "
          + "context folder, and " + (context == null ? "none was given" : context + " is not one"));
    }
    // Hashed now, while the health request is on its way; a server without manifests ignores it.
    ContextManifest manifest = ContextManifest.of(context, memoDir);
    ApiClient.Health h = await(client, health);
    if (h.contextManifests() < 1) {
      return sendTar(client, context, h.maxContextBytes());
    }
    checkSize(client, context, manifest.contentBytes(), h.maxContextBytes());
    if (client.hasContext(manifest.digest())) {
      return manifest.digest();
    }
    ApiClient.ManifestAnswer answer;
    try {
      answer = client.postManifest(manifest.json());
    } catch (RemoteRefusalException e) {
      if (e.status() == 413) {
        // More files than a manifest may list: the tar has no such bound.
        return sendTar(client, context, h.maxContextBytes());
      }
      throw e;
    }
    for (int round = 0; !answer.missing().isEmpty(); round++) {
      if (round == ROUNDS) {
        throw new IOException("the server " + client.url() + " kept losing the files of the context " + context
            + " while they were sent (it prunes its store); build again");
      }
      send(client, manifest, answer.missing());
      ApiClient.ManifestAnswer assembled = client.assemble(manifest.digest());
      answer = assembled != null ? assembled : client.postManifest(manifest.json());
    }
    return manifest.digest();
  }

  /** Sends the missing contents, {@link #STREAMS} at a time: each is a request of its own. */
  private static void send(ApiClient client, ContextManifest manifest, List<String> missing) throws IOException {
    for (String hex : missing) {
      if (!manifest.files().containsKey(hex)) {
        throw new IOException("the server " + client.url() + " asked for a file sha256:" + hex
            + " that the context does not hold");
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(STREAMS, missing.size()), r -> {
      Thread t = new Thread(r, "context-upload");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> sent = new ArrayList<>();
      for (String hex : missing) {
        sent.add(pool.submit(() -> {
          Path file = manifest.files().get(hex);
          try {
            client.putBlob(hex, file);
          } catch (RemoteRefusalException e) {
            throw e.status() == 400 ? new IOException(file + " changed while it was sent; build again") : e;
          }
          return null;
        }));
      }
      for (Future<?> f : sent) {
        f.get();
      }
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while sending the context to " + client.url());
    } finally {
      pool.shutdownNow();
    }
  }

  /** The health the early request brought; asked again when that failed (the server may be up now). */
  static ApiClient.Health await(ApiClient client, CompletableFuture<ApiClient.Health> health)
      throws IOException {
    try {
      return health.get();
    } catch (ExecutionException e) {
      return client.health();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while reaching " + client.url());
    }
  }

  /** Sends the context tar unless the server has it; returns its digest. */
  private static String sendTar(ApiClient client, Path context, long maxBytes) throws IOException {
    ContextTar.Written tar = ContextTar.write(context);
    try {
      checkSize(client, context, tar.sizeBytes(), maxBytes);
      if (!client.hasContext(tar.digest())) {
        client.putContext(tar.digest(), tar.file());
      }
      return tar.digest();
    } finally {
      Files.deleteIfExists(tar.file());
    }
  }

  private static void checkSize(ApiClient client, Path context, long bytes, long maxBytes) throws IOException {
    if (maxBytes > 0 && bytes > maxBytes) {
      throw new IOException(String.format(Locale.ROOT, "the build context %s is %.1f MB, more than the %.1f MB "
          + "the server %s accepts; leave big files out with .dockerignore", context,
          bytes / 1e6, maxBytes / 1e6, client.url()));
    }
  }
}
