package dev.templatestudio.bridge.embedded.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Anonymous bearer-token auth as Docker Hub, GHCR and the reference registry do it: a 401
 * with {@code WWW-Authenticate: Bearer realm=...,service=...,scope=...} is answered by a
 * token from the realm, which is then sent with every request for that repository.
 * Thread-safe.
 */
final class RegistryAuth {
  private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
  private static final ObjectMapper JSON = new ObjectMapper();
  private final OkHttpClient http;
  /** Tokens per registry + repository. */
  private final Map<String, String> tokens = new ConcurrentHashMap<>();

  RegistryAuth(OkHttpClient http) {
    this.http = http;
  }

  /** The Authorization header value to send, or null while anonymous access is assumed. */
  String header(ImageReference ref) {
    String token = tokens.get(key(ref));
    return token == null ? null : "Bearer " + token;
  }

  /**
   * Handles a 401: fetches a token for the challenge; an ImageSourceException when the
   * challenge cannot be met anonymously (basic auth, no realm, token refused).
   */
  void answer(ImageReference ref, Response unauthorized) throws IOException {
    String challenge = unauthorized.header("WWW-Authenticate");
    if (challenge == null || !challenge.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new ImageSourceException("registry " + ref.registry() + " wants a login for "
          + ref.repository() + " (" + (challenge == null ? "no challenge" : challenge.split(" ")[0])
          + "); Template Studio pulls anonymously or with bearer tokens only");
    }
    Map<String, String> params = new LinkedHashMap<>();
    Matcher m = PARAM.matcher(challenge.substring(7));
    while (m.find()) {
      params.put(m.group(1).toLowerCase(java.util.Locale.ROOT), m.group(2));
    }
    HttpUrl realm = params.containsKey("realm") ? HttpUrl.parse(params.get("realm")) : null;
    if (realm == null) {
      throw new ImageSourceException("registry " + ref.registry() + " sent a bearer challenge without a usable realm");
    }
    HttpUrl.Builder url = realm.newBuilder();
    if (params.containsKey("service")) {
      url.addQueryParameter("service", params.get("service"));
    }
    url.addQueryParameter("scope", params.getOrDefault("scope", "repository:" + ref.repository() + ":pull"));
    try (Response response = http.newCall(new Request.Builder().url(url.build()).get().build()).execute()) {
      if (!response.isSuccessful()) {
        throw new ImageSourceException("registry " + ref.registry() + " refused an anonymous token for "
            + ref.repository() + " (HTTP " + response.code() + " from " + realm.host() + ")");
      }
      JsonNode body = JSON.readTree(response.body().byteStream());
      JsonNode token = body.hasNonNull("token") ? body.get("token") : body.get("access_token");
      if (token == null || token.asText().isEmpty()) {
        throw new ImageSourceException("the token service of " + ref.registry() + " answered without a token");
      }
      tokens.put(key(ref), token.asText());
    }
  }

  private static String key(ImageReference ref) {
    return ref.registry() + "/" + ref.repository();
  }
}
