package dev.templatestudio.bridge.remote;

import dev.templatestudio.bridge.embedded.EmbeddedRuntime;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.server.ApiServer;
import dev.templatestudio.bridge.server.ApiToken;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A real {@code serve} on loopback (a free port, or a given one) over a store, and a plain JDK
 * HTTP client to talk to it as the contract states, independent of {@link HttpRuntime}. Public
 * for the runtime contract suite, which runs its cases against a remote runtime over one.
 */
public final class ServeFixture implements AutoCloseable {
  public static final String TOKEN = "test-token-0123456789";
  static final HttpClient PLAIN = HttpClient.newHttpClient();
  public final Store store;
  final EmbeddedRuntime runtime;
  final ApiServer server;
  final List<String> log = Collections.synchronizedList(new ArrayList<>());

  private ServeFixture(Store store, int port, long maxContextBytes) throws IOException {
    this.store = store;
    this.runtime = new EmbeddedRuntime(store);
    this.server = ApiServer.start(runtime, store.root().resolve("serve"),
        new ApiServer.Options("127.0.0.1", port, ApiToken.of(TOKEN), maxContextBytes, "test", log::add));
  }

  public static ServeFixture start(Store store) throws IOException {
    return new ServeFixture(store, 0, 64L << 20);
  }

  static ServeFixture start(Store store, int port, long maxContextBytes) throws IOException {
    return new ServeFixture(store, port, maxContextBytes);
  }

  public String url() {
    return server.url().toString();
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(url() + path)).header("Authorization", "Bearer " + TOKEN);
  }

  HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return PLAIN.send(request, HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(request(path).GET().build());
  }

  @Override
  public void close() {
    server.close();
    runtime.close();
  }
}
