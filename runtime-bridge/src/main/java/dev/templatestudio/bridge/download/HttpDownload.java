package dev.templatestudio.bridge.download;

import dev.templatestudio.bridge.io.Digests;
import dev.templatestudio.bridge.plan.StepFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Fetches a download step's URL to a file, as {@code ADD URL}: over http or https only, also
 * after a redirect (at most {@link #MAX_REDIRECTS}; a redirect elsewhere, such as {@code file:}
 * or {@code ftp:}, is refused), at most {@link #MAX_BYTES} (a larger {@code Content-Length} is
 * refused before reading), charged to the caller's {@link WriteBound} as it is written, with connect and
 * read timeouts so a stalled server ends the step. Returns the body's sha256, which the caller
 * compares with the step's checksum before the file lands anywhere. Runs on the step's thread
 * on the host network (the docker runtime's too: a step container may have no way to the URL);
 * stops between reads when the build is cancelled. Stateless.
 */
public final class HttpDownload {
  /** The largest body a download takes: a hostile server cannot fill the store's disk. */
  public static final long MAX_BYTES = 4L << 30;
  static final int MAX_REDIRECTS = 10;
  private static final int CONNECT_MILLIS = 30_000;
  private static final int READ_MILLIS = 60_000;

  private HttpDownload() {}

  /** The sha256 digest ({@code sha256:HEX}) of the body of {@code url}, written to {@code target}. */
  public static String fetch(String url, Path target, WriteBound budget, BooleanSupplier cancelled)
      throws StepFailure, IOException, InterruptedException {
    URL current = parse(url, url);
    for (int hop = 0; ; hop++) {
      HttpURLConnection c = (HttpURLConnection) current.openConnection();
      try {
        c.setInstanceFollowRedirects(false);
        c.setConnectTimeout(CONNECT_MILLIS);
        c.setReadTimeout(READ_MILLIS);
        c.setRequestProperty("User-Agent", "template-studio");
        int code = c.getResponseCode();
        if (code >= 300 && code < 400 && c.getHeaderField("Location") != null) {
          if (hop >= MAX_REDIRECTS) {
            throw new StepFailure("the download of " + url + " was redirected more than " + MAX_REDIRECTS + " times");
          }
          current = parse(resolve(current, c.getHeaderField("Location"), url), url);
          continue;
        }
        if (code != 200) {
          throw new StepFailure("the download of " + url + " failed: the server answered " + code
              + (c.getResponseMessage() == null ? "" : " " + c.getResponseMessage()));
        }
        long length = c.getContentLengthLong();
        if (length > MAX_BYTES) {
          throw new StepFailure("the download of " + url + " is " + (length >> 20) + " MB, more than the "
              + (MAX_BYTES >> 20) + " MB a download may be");
        }
        budget.checkFits(Math.max(0, length));
        return copy(c.getInputStream(), target, budget, cancelled, url);
      } finally {
        c.disconnect();
      }
    }
  }

  private static String copy(InputStream body, Path target, WriteBound budget, BooleanSupplier cancelled,
      String url) throws IOException, StepFailure, InterruptedException {
    MessageDigest sha = Digests.sha256();
    long total = 0;
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = body; OutputStream out = budget.charging(Files.newOutputStream(target))) {
      int n;
      while ((n = in.read(buf)) > 0) {
        if (cancelled.getAsBoolean()) {
          throw new InterruptedException("cancelled");
        }
        total += n;
        if (total > MAX_BYTES) {
          throw new StepFailure("the download of " + url + " is larger than the " + (MAX_BYTES >> 20)
              + " MB a download may be");
        }
        sha.update(buf, 0, n);
        out.write(buf, 0, n);
      }
    } catch (java.net.SocketTimeoutException e) {
      throw new StepFailure("the download of " + url + " stalled: nothing came for " + READ_MILLIS / 1000 + " s");
    } catch (InterruptedIOException e) {
      throw new InterruptedException("cancelled");
    }
    return Digests.of(sha.digest());
  }

  private static String resolve(URL base, String location, String url) throws StepFailure {
    try {
      return base.toURI().resolve(location.trim()).toString();
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new StepFailure("the download of " + url + " was redirected to \"" + shorten(location)
          + "\", which is not a URL");
    }
  }

  /** {@code text} as an http or https URL; {@code url} is the step's, for the sentence. */
  private static URL parse(String text, String url) throws StepFailure {
    String scheme;
    URI uri;
    try {
      uri = new URI(text);
      scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    } catch (URISyntaxException e) {
      throw new StepFailure("the download URL \"" + shorten(text) + "\" is not a URL: " + e.getReason());
    }
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new StepFailure(text.equals(url)
          ? "the download URL " + shorten(url) + " is not http or https"
          : "the download of " + url + " was redirected to " + shorten(text) + ", which is not http or https");
    }
    try {
      return uri.toURL();
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new StepFailure("the download URL \"" + shorten(text) + "\" is not a URL: " + e.getMessage());
    }
  }

  /** The file name {@code ADD URL DIR/} gives: the URL path's last segment, or null when it has none. */
  public static String fileName(String url) {
    try {
      String path = new URI(url).getPath();
      if (path == null) {
        return null;
      }
      String name = path.substring(path.lastIndexOf('/') + 1);
      return name.isEmpty() || name.equals(".") || name.equals("..") ? null : name;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static String shorten(String s) {
    return s.length() <= 120 ? s : s.substring(0, 119) + "…";
  }
}
