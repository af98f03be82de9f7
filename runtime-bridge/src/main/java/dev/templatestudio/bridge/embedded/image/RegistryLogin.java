package dev.templatestudio.bridge.embedded.image;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Checks a login against a registry before it is kept, as {@code docker login} does: the
 * registry's {@code /v2/} is asked with it, through a basic or a token challenge. Blocking.
 */
public final class RegistryLogin {
  private static final OkHttpClient HTTP = new OkHttpClient.Builder()
      .connectTimeout(Duration.ofSeconds(15)).readTimeout(Duration.ofSeconds(30)).build();

  private RegistryLogin() {}

  /**
   * Returns normally when {@code registry} (host[:port]) accepts {@code credential}; an
   * ImageSourceException with one sentence (never the secret) otherwise.
   */
  public static void verify(String registry, Credential credential) throws ImageSourceException {
    String host = RegistryCredentials.registryHost(registry);
    ImageReference ref = new ImageReference(host, "x", "latest", null);
    RegistryAuth auth = new RegistryAuth(HTTP, host, () -> Optional.of(credential), null);
    Request.Builder request = new Request.Builder().url(ref.baseUrl() + "/v2/").get();
    try (Response response = auth.execute(request, "")) {
      if (response.code() == 401 || response.code() == 403) {
        throw new ImageSourceException("registry " + host + " refused the login of " + credential.username()
            + " (HTTP " + response.code() + ")");
      }
      if (!response.isSuccessful()) {
        throw new ImageSourceException("registry " + host + " answered HTTP " + response.code()
            + " to a login check of /v2/; is it a registry?");
      }
    } catch (ImageSourceException e) {
      throw e;
    } catch (IOException e) {
      throw new ImageSourceException("cannot reach registry " + host + ": " + e.getMessage(), e);
    }
  }
}
