package dev.templatestudio.bridge.embedded.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** A login goes only to the registry that asked for it, never to a host a Location header names. */
class RegistryAuthOriginTest {

  @Test
  void aLoginIsNotSentToAnotherHost() throws Exception {
    List<String> registrySaw = new CopyOnWriteArrayList<>();
    List<String> elsewhereSaw = new CopyOnWriteArrayList<>();
    HttpServer registry = server(registrySaw, true);
    HttpServer elsewhere = server(elsewhereSaw, true);
    try {
      OkHttpClient http = new OkHttpClient();
      String home = "http://127.0.0.1:" + registry.getAddress().getPort();
      RegistryAuth auth = new RegistryAuth(http, "127.0.0.1:" + registry.getAddress().getPort(),
          () -> Optional.of(Credential.basic("alice", "s3cret-pass")), "config.json");
      try (Response r = auth.execute(new Request.Builder().url(home + "/v2/"), "")) {
        assertEquals(200, r.code());
      }
      String other = "http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/upload";
      try (Response r = auth.execute(new Request.Builder().url(other), "")) {
        // The other host's own 401 is handed back, not answered with the registry's login.
        assertEquals(401, r.code());
      }
      assertEquals("Basic " + java.util.Base64.getEncoder().encodeToString("alice:s3cret-pass".getBytes()),
          registrySaw.get(registrySaw.size() - 1));
      assertEquals(1, elsewhereSaw.size());
      assertNull(elsewhereSaw.get(0));
    } finally {
      registry.stop(0);
      elsewhere.stop(0);
    }
  }

  /** Answers 401 Basic to a request without Authorization, else 200; records what came. */
  private static HttpServer server(List<String> saw, boolean wantsLogin) throws Exception {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    s.createContext("/", exchange -> {
      String given = exchange.getRequestHeaders().getFirst("Authorization");
      saw.add(given);
      if (wantsLogin && given == null) {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"test\"");
        exchange.sendResponseHeaders(401, -1);
      } else {
        exchange.sendResponseHeaders(200, -1);
      }
      exchange.close();
    });
    s.start();
    return s;
  }
}
