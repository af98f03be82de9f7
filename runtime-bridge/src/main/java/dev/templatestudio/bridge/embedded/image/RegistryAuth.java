package dev.templatestudio.bridge.embedded.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Registry auth as Docker does it, for one registry. A 401 with {@code WWW-Authenticate: Basic}
 * is answered with the login from the Docker config; one with {@code Bearer realm=,service=,scope=}
 * by a token from the realm, asked for anonymously when there is no login, with HTTP basic auth
 * for a password, or as an OAuth2 refresh for an identity token. Tokens are kept per scope.
 * No secret ever goes into a message. Thread-safe.
 */
final class RegistryAuth {
  private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_TOKEN_RESPONSE = 1 << 20;
  private final OkHttpClient http;
  private final String registry;
  private final Login source;
  /** Where the login came from, for messages: the config file, or null for one being checked. */
  private final String origin;
  private final Map<String, String> tokens = new ConcurrentHashMap<>();
  private volatile Optional<Credential> login;
  private volatile String basic;
  /** The registry's own origin (scheme, host, port): the first one asked; the only one given a login. */
  private volatile HttpUrl home;

  /** Finds the login to use, once, at the first challenge. */
  @FunctionalInterface
  interface Login {
    Optional<Credential> find() throws ImageSourceException;
  }

  RegistryAuth(OkHttpClient http, String registry, Login source, String origin) {
    this.http = http;
    this.registry = registry;
    this.source = source;
    this.origin = origin;
  }

  /** With the login {@code credentials} hold for {@code registry}; null: anonymous only. */
  static RegistryAuth of(OkHttpClient http, String registry, RegistryCredentials credentials) {
    return credentials == null ? new RegistryAuth(http, registry, Optional::empty, null)
        : new RegistryAuth(http, registry, () -> credentials.lookup(registry), credentials.file().toString());
  }

  /**
   * Sends {@code request} with this registry's auth for {@code scope} (e.g.
   * {@code repository:a/b:pull}), answering one challenge; an ImageSourceException when the
   * registry cannot be reached.
   */
  Response execute(Request.Builder request, String scope) throws IOException {
    HttpUrl url = request.build().url();
    if (home == null) {
      home = url.newBuilder().encodedPath("/").query(null).build();
    }
    // A Location header may point anywhere; a login and its tokens go only to the registry itself.
    boolean own = sameOrigin(url, home);
    for (int attempt = 0; ; attempt++) {
      String authorization = own ? header(scope) : null;
      if (authorization != null) {
        request.header("Authorization", authorization);
      } else {
        request.removeHeader("Authorization");
      }
      Response response;
      try {
        response = http.newCall(request.build()).execute();
      } catch (IOException e) {
        if (e instanceof java.io.InterruptedIOException && Thread.currentThread().isInterrupted()) {
          throw e;
        }
        throw new ImageSourceException("cannot reach registry " + registry + ": " + e.getMessage(), e);
      }
      if (response.code() == 401 && attempt > 0 && basic != null
          && response.header("WWW-Authenticate", "").regionMatches(true, 0, "Basic", 0, 5)) {
        response.close();
        throw refused(credential().orElseThrow());
      }
      if (response.code() != 401 || attempt > 0 || !own) {
        return response;
      }
      try (response) {
        answer(scope, response);
      }
    }
  }

  private static boolean sameOrigin(HttpUrl a, HttpUrl b) {
    return a.scheme().equals(b.scheme()) && a.host().equalsIgnoreCase(b.host()) && a.port() == b.port();
  }

  /** The Authorization header value to send, or null while anonymous access is assumed. */
  String header(String scope) {
    String token = tokens.get(scope);
    return token != null ? "Bearer " + token : basic;
  }

  /** Whether a login was found for this registry (after the first challenge). */
  boolean hasLogin() throws ImageSourceException {
    return credential().isPresent();
  }

  /** What to tell a user who lacks access: how to log in, or whose login was refused. */
  String loginHint() throws ImageSourceException {
    Optional<Credential> c = credential();
    return c.isPresent() ? "the login of " + who(c.get()) + from() + " was not enough"
        : "log in with 'template-studio login " + registry + "'";
  }

  private Optional<Credential> credential() throws ImageSourceException {
    Optional<Credential> known = login;
    if (known == null) {
      known = source.find();
      login = known;
    }
    return known;
  }

  private void answer(String scope, Response unauthorized) throws IOException {
    String challenge = unauthorized.header("WWW-Authenticate", "");
    String repository = scope.split(":").length > 1 ? scope.split(":")[1] : "";
    if (challenge.regionMatches(true, 0, "Basic", 0, 5)) {
      Credential c = credential().orElseThrow(() -> new ImageSourceException("registry " + registry
          + " wants a login for " + repository + "; log in with 'template-studio login " + registry + "'"));
      if (basic != null || c.basicHeader() == null) {
        throw refused(c);
      }
      basic = c.basicHeader();
      return;
    }
    if (!challenge.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new ImageSourceException("registry " + registry + " answered 401 with an unknown challenge ("
          + (challenge.isEmpty() ? "none" : challenge.split(" ")[0]) + ")");
    }
    Map<String, String> params = new LinkedHashMap<>();
    Matcher m = PARAM.matcher(challenge.substring(7));
    while (m.find()) {
      params.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
    }
    HttpUrl realm = params.containsKey("realm") ? HttpUrl.parse(params.get("realm")) : null;
    if (realm == null) {
      throw new ImageSourceException("registry " + registry + " sent a bearer challenge without a usable realm");
    }
    if (!realm.isHttps() && home != null && home.isHttps()) {
      throw new ImageSourceException("registry " + registry + " named a token service over plain http ("
          + realm.host() + "); a login is not sent there");
    }
    // The challenge names what the request needs (a mount also wants pull on the source); ours is the fallback.
    tokens.put(scope, token(realm, params.get("service"), params.getOrDefault("scope", scope), repository));
  }

  /** A token for {@code scope} (space-separated scopes allowed) from {@code realm}. */
  private String token(HttpUrl realm, String service, String scope, String repository) throws IOException {
    Optional<Credential> c = credential();
    Request.Builder request = new Request.Builder();
    if (c.isPresent() && c.get().identityToken() != null) {
      FormBody.Builder form = new FormBody.Builder().add("grant_type", "refresh_token")
          .add("client_id", "template-studio").add("refresh_token", c.get().identityToken());
      if (service != null) {
        form.add("service", service);
      }
      if (!scope.isEmpty()) {
        form.add("scope", scope);
      }
      request.url(realm).post(form.build());
    } else {
      HttpUrl.Builder url = realm.newBuilder();
      if (service != null) {
        url.addQueryParameter("service", service);
      }
      for (String one : scope.split(" ")) {
        if (!one.isEmpty()) {
          url.addQueryParameter("scope", one);
        }
      }
      if (c.isPresent()) {
        url.addQueryParameter("account", c.get().username());
        request.header("Authorization", c.get().basicHeader());
      }
      request.url(url.build()).get();
    }
    try (Response response = http.newCall(request.build()).execute()) {
      if (!response.isSuccessful()) {
        throw new ImageSourceException(c.isPresent()
            ? "the token service of " + registry + " refused the login of " + who(c.get()) + from()
                + " (HTTP " + response.code() + " from " + realm.host() + ")"
            : "registry " + registry + " refused an anonymous token for " + repository + " (HTTP "
                + response.code() + " from " + realm.host() + "); log in with 'template-studio login "
                + registry + "'");
      }
      // A token is a few KB; more is a broken or hostile realm, not something to hold in memory.
      okio.BufferedSource source = response.body().source();
      if (source.request(MAX_TOKEN_RESPONSE + 1)) {
        throw new ImageSourceException("the token service of " + registry + " answered with more than "
            + MAX_TOKEN_RESPONSE / 1024 + " KiB");
      }
      byte[] bytes = source.readByteArray();
      JsonNode body = JSON.readTree(bytes);
      JsonNode token = body.hasNonNull("token") ? body.get("token") : body.get("access_token");
      if (token == null || token.asText().isEmpty()) {
        throw new ImageSourceException("the token service of " + registry + " answered without a token");
      }
      return token.asText();
    } catch (ImageSourceException e) {
      throw e;
    } catch (IOException e) {
      throw new ImageSourceException("cannot reach the token service of " + registry + " at " + realm.host()
          + ": " + e.getMessage(), e);
    }
  }

  private ImageSourceException refused(Credential c) {
    // A login being checked (no origin) needs no advice to log in again: it is the login.
    return new ImageSourceException("registry " + registry + " refused the login of " + who(c) + from()
        + (origin == null ? "" : "; log in again with 'template-studio login " + registry + "'"));
  }

  private String from() {
    return origin == null ? "" : " from " + origin;
  }

  private static String who(Credential c) {
    return c.username() == null || c.username().isEmpty() ? "the identity token" : c.username();
  }
}
