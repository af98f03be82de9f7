package dev.templatestudio.bridge.server;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Contexts sent file by file (docs/REMOTE.md, "Contexts by file"), an extension of the remote
 * API: {@code POST /v1/contexts} with a manifest answers which file contents the server lacks;
 * {@code PUT /v1/blobs/{sha256}} brings each; {@code POST /v1/contexts/{sha256}} then assembles
 * the context from the content cache, verifying every hash. The manifest's digest is the
 * context's name, used by {@code HEAD /v1/contexts/…} and {@code POST /v1/builds} as a tar's is.
 * Thread-safe.
 */
final class ManifestUploads {
  /** Manifests read at once: each is held in memory whole, so strangers cannot make many. */
  private static final int READERS = 4;
  private final ContextStore contexts;
  private final ContextBlobs blobs;
  private final Semaphore reading = new Semaphore(READERS);

  ManifestUploads(ContextStore contexts, ContextBlobs blobs) {
    this.contexts = contexts;
    this.blobs = blobs;
  }

  /** {@code POST /v1/contexts}: a manifest; answers the context and the contents it lacks. */
  void post(HttpExchange ex) throws IOException, ApiError, InterruptedException {
    if (!reading.tryAcquire(30, TimeUnit.SECONDS)) {
      throw new ApiError(503, "the server is reading " + READERS + " context manifests already; try again shortly");
    }
    try {
      byte[] body = ex.getRequestBody().readNBytes(UploadManifest.MAX_BYTES + 1);
      UploadManifest manifest = UploadManifest.read(body, contexts.maxBytes());
      answer(ex, manifest, body);
    } finally {
      reading.release();
    }
  }

  /** {@code POST /v1/contexts/{hex}}: assembles the manifest kept for it, once its files are here. */
  void assemble(HttpExchange ex, String hex) throws IOException, ApiError {
    if (contexts.has(hex)) {
      contexts.touch(hex);
      done(ex, hex);
      return;
    }
    byte[] body = blobs.pending(hex).orElseThrow(() -> new ApiError(404, "no manifest of context sha256:" + hex
        + " is waiting on this server; send it again with POST /v1/contexts"));
    answer(ex, UploadManifest.read(body, contexts.maxBytes()), body);
  }

  /** {@code PUT /v1/blobs/{hex}}: one file's content. */
  void putBlob(HttpExchange ex, String hex, long declaredLength) throws IOException, ApiError {
    blobs.put(hex, ex.getRequestBody(), declaredLength);
    Exchanges.json(ex, 201, Map.of("blob", "sha256:" + hex));
  }

  private void answer(HttpExchange ex, UploadManifest manifest, byte[] body) throws IOException, ApiError {
    String hex = manifest.digest();
    if (contexts.has(hex)) {
      contexts.touch(hex);
      done(ex, hex);
      return;
    }
    List<String> missing = blobs.missing(manifest.contents());
    if (missing.isEmpty()) {
      try {
        contexts.create(hex, dir -> ContextAssembler.assemble(manifest, blobs, dir));
        blobs.dropPending(hex);
        done(ex, hex);
        return;
      } catch (ContextAssembler.Missing e) {
        // Pruned or damaged since it was counted: the client sends it again.
        missing = List.of(e.hex);
      }
    }
    blobs.keepPending(hex, body);
    Exchanges.json(ex, 200, Map.of("context", "sha256:" + hex,
        "missing", missing.stream().map(h -> "sha256:" + h).toList()));
  }

  private static void done(HttpExchange ex, String hex) throws IOException {
    Exchanges.json(ex, 201, Map.of("context", "sha256:" + hex, "missing", List.of()));
  }
}
