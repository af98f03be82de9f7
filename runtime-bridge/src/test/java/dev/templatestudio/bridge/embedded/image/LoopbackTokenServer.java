package dev.templatestudio.bridge.embedded.image;

import static dev.templatestudio.bridge.embedded.layer.HostRequirements.requireTool;
import static dev.templatestudio.bridge.embedded.layer.HostRequirements.run;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A token service as Docker Hub's auth.docker.io works: {@code GET /token?service=&scope=}
 * answers {@code {"token": JWT}}, an RS256 JWT whose x5c header carries a self-signed
 * certificate (made by openssl) that the registry trusts through {@code rootcertbundle}.
 * Anonymous: it grants pull on every repository unless told to refuse. Records each request.
 */
public final class LoopbackTokenServer implements AutoCloseable {
  static final String SERVICE = "loopback-registry";
  static final String ISSUER = "loopback-token-server";
  private final HttpServer server;
  private final PrivateKey key;
  private final String certificateDer;
  private final Path certificatePem;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile boolean refuse;
  /** When set, a token only for this basic login (GET) or this identity token (POST refresh). */
  private volatile String loginHeader;
  private volatile String identityToken;

  private LoopbackTokenServer(HttpServer server, PrivateKey key, String certificateDer, Path pem) {
    this.server = server;
    this.key = key;
    this.certificateDer = certificateDer;
    this.certificatePem = pem;
  }

  public static LoopbackTokenServer start(Path dir) throws Exception {
    String openssl = requireTool("openssl", "openssl");
    Path keyFile = dir.resolve("token.key");
    Path certFile = dir.resolve("token.crt");
    run(openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", keyFile.toString(),
        "-out", certFile.toString(), "-days", "1", "-subj", "/CN=loopback-token-server");
    PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pemBody(keyFile)));
    String der = Base64.getEncoder().encodeToString(pemBody(certFile));
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    LoopbackTokenServer tokens = new LoopbackTokenServer(server, key, der, certFile);
    server.createContext("/token", exchange -> {
      String query = exchange.getRequestURI().getRawQuery();
      if (exchange.getRequestMethod().equals("POST")) {
        // An OAuth2 refresh (identity token): the form carries scope and refresh_token.
        query = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      }
      tokens.requests.add(query == null ? "" : URLDecoder.decode(query, StandardCharsets.UTF_8));
      byte[] body;
      int status;
      if (tokens.refuse || !tokens.allowed(exchange.getRequestMethod(),
          exchange.getRequestHeaders().getFirst("Authorization"), query)) {
        status = 401;
        body = "{\"errors\":[{\"code\":\"DENIED\"}]}".getBytes(StandardCharsets.UTF_8);
      } else {
        status = 200;
        body = ("{\"token\":\"" + tokens.jwt(scope(query)) + "\"}").getBytes(StandardCharsets.UTF_8);
      }
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    return tokens;
  }

  /** From now on, tokens only for this user and password, or for this identity token. */
  public void requireLogin(String user, String password, String refreshToken) {
    loginHeader = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    identityToken = refreshToken;
  }

  private boolean allowed(String method, String authorization, String query) {
    if (loginHeader == null) {
      return true;
    }
    if (method.equals("POST")) {
      String expected = "refresh_token=" + java.net.URLEncoder.encode(identityToken, StandardCharsets.UTF_8);
      return query != null && List.of(query.split("&")).contains(expected);
    }
    return loginHeader.equals(authorization);
  }

  /** The registry's {@code auth:} section for this server. */
  public String registryAuthYaml() {
    return "auth:\n  token:\n    realm: http://127.0.0.1:" + server.getAddress().getPort() + "/token\n"
        + "    service: " + SERVICE + "\n    issuer: " + ISSUER + "\n"
        + "    rootcertbundle: " + certificatePem + "\n";
  }

  public List<String> requests() {
    return requests;
  }

  void refuse() {
    refuse = true;
  }

  private String jwt(String scope) {
    long now = System.currentTimeMillis() / 1000;
    String repository = "";
    String actions = "";
    if (scope != null && scope.startsWith("repository:")) {
      String[] parts = scope.split(":");
      repository = parts[1];
      actions = parts.length > 2 ? "\"" + String.join("\",\"", parts[2].split(",")) + "\"" : "";
    }
    String header = "{\"typ\":\"JWT\",\"alg\":\"RS256\",\"x5c\":[\"" + certificateDer + "\"]}";
    String claims = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"\",\"aud\":\"" + SERVICE + "\",\"exp\":" + (now + 300)
        + ",\"nbf\":" + (now - 10) + ",\"iat\":" + now + ",\"jti\":\"" + UUID.randomUUID()
        + "\",\"access\":[{\"type\":\"repository\",\"name\":\"" + repository + "\",\"actions\":[" + actions + "]}]}";
    String signingInput = base64Url(header) + "." + base64Url(claims);
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(key);
      rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String scope(String query) {
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      String[] kv = pair.split("=", 2);
      if (kv[0].equals("scope") && kv.length == 2) {
        return URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static String base64Url(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] pemBody(Path pem) throws IOException {
    StringBuilder body = new StringBuilder();
    for (String line : Files.readAllLines(pem)) {
      if (!line.startsWith("-----")) {
        body.append(line.strip());
      }
    }
    return Base64.getDecoder().decode(body.toString());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
