package dev.templatestudio.bridge.remote;

import dev.templatestudio.bridge.embedded.EmbeddedRuntime;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.server.ApiServer;
import dev.templatestudio.bridge.server.ApiToken;
import java.nio.file.Path;

/**
 * A server in its own JVM, for the tests that kill it: {@code ServeMain STORE PORT} serves the
 * store with {@link ServeFixture#TOKEN}, prints "serving URL" and runs until killed.
 */
public final class ServeMain {
  private ServeMain() {}

  public static void main(String[] args) throws Exception {
    Store store = Store.open(Path.of(args[0]));
    EmbeddedRuntime runtime = new EmbeddedRuntime(store);
    ApiServer server = ApiServer.start(runtime, store.root().resolve("serve"), new ApiServer.Options(
        "127.0.0.1", Integer.parseInt(args[1]), ApiToken.of(ServeFixture.TOKEN), 64L << 20, "test",
        System.out::println));
    System.out.println("serving " + server.url());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
