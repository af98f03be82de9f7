package dev.templatestudio.bridge.embedded.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * One blob's chunked upload (OCI distribution: POST, PATCH with Content-Range, PUT ?digest=).
 * The upload's URL is kept in {@code ROOT/tmp/push-<hex>-<repo hash>.upload} after each chunk:
 * when a chunk breaks off, or a later push finds that file, the registry is asked how much it
 * has (GET, Range) and the upload goes on from there; a registry that lost the upload gets it
 * anew once. Blocking.
 */
final class BlobUpload {
  private static final MediaType OCTETS = MediaType.get("application/octet-stream");
  private static final int ATTEMPTS = 3;
  private final RegistryAuth auth;
  private final ImageReference dest;
  private final String scope;
  private final long chunkSize;
  private final PushProgress progress;

  BlobUpload(RegistryAuth auth, ImageReference dest, String scope, long chunkSize, PushProgress progress) {
    this.auth = auth;
    this.dest = dest;
    this.scope = scope;
    this.chunkSize = chunkSize;
    this.progress = progress;
  }

  /** Uploads {@code blob} as {@code digest}; {@code started}: an upload URL the registry already gave, or null. */
  void upload(BlobReader blob, String digest, Path stateFile, HttpUrl started) throws IOException {
    long size = blob.size();
    HttpUrl location = started;
    long offset = 0;
    if (location == null && Files.isRegularFile(stateFile)) {
      HttpUrl saved = HttpUrl.parse(Files.readString(stateFile, StandardCharsets.UTF_8).strip());
      long have = saved == null ? -1 : status(saved);
      if (have >= 0) {
        location = saved;
        offset = have;
        progress.blob(digest, offset, size, PushProgress.State.RESUMED);
      }
    }
    if (location == null) {
      location = start();
    }
    save(stateFile, location);
    int failures = 0;
    while (offset < size) {
      long end = Math.min(size, offset + chunkSize);
      try {
        location = patch(blob, location, offset, end);
        offset = end;
        save(stateFile, location);
        progress.blob(digest, offset, size, PushProgress.State.UPLOADING);
      } catch (Refused e) {
        throw e;
      } catch (IOException e) {
        if (e instanceof java.io.InterruptedIOException && Thread.currentThread().isInterrupted()) {
          throw e;
        }
        if (++failures >= ATTEMPTS) {
          throw new ImageSourceException("the upload of " + digest + " to registry " + dest.registry()
              + " broke off after " + offset + " of " + size + " bytes " + ATTEMPTS + " times (" + reason(e)
              + "); run push again to resume it", e);
        }
        long have = status(location);
        if (have < 0) {
          // The registry dropped the upload (distribution does after a half-written chunk): anew.
          location = start();
          offset = 0;
        } else {
          offset = have;
        }
        save(stateFile, location);
        progress.blob(digest, offset, size, PushProgress.State.RESUMED);
      }
    }
    HttpUrl commit = location.newBuilder().addQueryParameter("digest", digest).build();
    try (Response response = auth.execute(new Request.Builder().url(commit)
        .put(RequestBody.create(new byte[0], OCTETS)), scope)) {
      if (response.code() != 201 && response.code() != 204) {
        throw new ImageSourceException("registry " + dest.registry() + " refused blob " + digest
            + " after its upload (HTTP " + response.code() + errorCode(response) + ")");
      }
    }
    Files.deleteIfExists(stateFile);
    progress.blob(digest, size, size, PushProgress.State.DONE);
  }

  /** POST …/blobs/uploads/: a new upload's URL. */
  HttpUrl start() throws IOException {
    HttpUrl url = HttpUrl.get(dest.baseUrl() + "/v2/" + dest.repository() + "/blobs/uploads/");
    try (Response response = auth.execute(new Request.Builder().url(url)
        .post(RequestBody.create(new byte[0], null)), scope)) {
      if (response.code() != 202) {
        throw refusal(response, "an upload");
      }
      return location(response, url);
    }
  }

  private HttpUrl patch(BlobReader blob, HttpUrl location, long from, long to) throws IOException {
    RequestBody body = new RequestBody() {
      @Override
      public MediaType contentType() {
        return OCTETS;
      }

      @Override
      public long contentLength() {
        return to - from;
      }

      @Override
      public void writeTo(okio.BufferedSink sink) throws IOException {
        blob.copy(from, to, sink);
      }
    };
    Request.Builder request = new Request.Builder().url(location).patch(body)
        .header("Content-Range", from + "-" + (to - 1));
    try (Response response = auth.execute(request, scope)) {
      if (response.code() != 202) {
        String code = errorCode(response);
        // A registry that got part of a broken chunk drops the upload, and says so to the next
        // request: when the status asked after the break came before it did, that is this
        // chunk (HTTP 404). The loop asks again and starts anew.
        boolean dropped = response.code() == 404
            && (code.equals(", BLOB_UPLOAD_INVALID") || code.equals(", BLOB_UPLOAD_UNKNOWN"));
        if (response.code() >= 500 || response.code() == 416 || dropped) {
          throw new IOException("HTTP " + response.code() + code);
        }
        throw refusal(response, "a chunk");
      }
      return location(response, location);
    }
  }

  /** How many bytes the registry holds of the upload at {@code location}, or -1 when it has no such upload. */
  private long status(HttpUrl location) {
    try (Response response = auth.execute(new Request.Builder().url(location).get(), scope)) {
      if (response.code() != 204) {
        return -1;
      }
      String range = response.header("Range", "0--1");
      long end = Long.parseLong(range.substring(range.indexOf('-', 1) + 1).strip());
      return end + 1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static HttpUrl location(Response response, HttpUrl base) throws ImageSourceException {
    String header = response.header("Location");
    HttpUrl url = header == null ? null : base.resolve(header);
    if (url == null) {
      throw new ImageSourceException("registry " + base.host() + " gave an upload without a usable Location");
    }
    return url;
  }

  private static void save(Path stateFile, HttpUrl location) throws IOException {
    Files.writeString(stateFile, location.toString(), StandardCharsets.UTF_8);
  }

  /** A registry's no: retrying the same request would only be refused again. */
  private static final class Refused extends ImageSourceException {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  private ImageSourceException refusal(Response response, String what) throws ImageSourceException {
    String hint = response.code() == 401 || response.code() == 403 ? "; " + auth.loginHint() : "";
    return new Refused("registry " + dest.registry() + " refused " + what + " for "
        + dest.repository() + " (HTTP " + response.code() + errorCode(response) + ")" + hint);
  }

  /** The registry's error code (e.g. DENIED, BLOB_UPLOAD_INVALID), bounded, or nothing. */
  static String errorCode(Response response) {
    try {
      String body = response.peekBody(4096).string();
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"code\"\\s*:\\s*\"([A-Z_]{1,40})\"").matcher(body);
      return m.find() ? ", " + m.group(1) : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static String reason(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
