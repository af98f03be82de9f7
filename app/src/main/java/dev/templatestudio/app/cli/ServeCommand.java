package dev.templatestudio.app.cli;

import dev.templatestudio.app.Version;
import dev.templatestudio.bridge.embedded.EmbeddedRuntime;
import dev.templatestudio.bridge.embedded.sandbox.Sandbox;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.server.ApiServer;
import dev.templatestudio.bridge.server.ApiToken;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code serve}: the remote runtime API (CONTRACT.md §6) over the embedded runtime and the
 * store, until SIGINT or SIGTERM. Then running builds are cancelled (and recorded as
 * cancelled) before the process exits. Prints on stderr where it listens and where the token is.
 */
@Command(name = "serve", description = "Serve the remote runtime API over the embedded runtime until Ctrl+C or SIGTERM.")
final class ServeCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String bind = "127.0.0.1";

  @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port = 7433;

  @Option(names = "--token-file", paramLabel = "F",
      description = "The token file (default: serve/token in the store); made with a random token, mode 0600, when missing.")
  Path tokenFile;

  @Option(names = "--max-context-mb", paramLabel = "MB", description = "Largest build context accepted (default: ${DEFAULT-VALUE}).")
  long maxContextMb = 1024;

  @Mixin
  StoreOption store;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    if (port < 0 || port > 65535) {
      throw new CliException("--port " + port + ": use 0 to 65535", 2);
    }
    if (maxContextMb < 1) {
      throw new CliException("--max-context-mb " + maxContextMb + ": use 1 or more", 2);
    }
    Sandbox.detect();
    Store s = Store.open(store.location());
    Path tokens = tokenFile != null ? tokenFile.toAbsolutePath() : ApiToken.defaultFile(s.root());
    ApiToken token = ApiToken.loadOrCreate(tokens);
    EmbeddedRuntime runtime = new EmbeddedRuntime(s);
    ApiServer server;
    try {
      server = ApiServer.start(runtime, s.root().resolve("serve"), new ApiServer.Options(bind, port, token,
          maxContextMb * 1024 * 1024, Version.get(), line -> say(err, line)));
    } catch (IOException e) {
      runtime.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    java.lang.Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      say(err, "stopping: cancelling running builds");
      server.close();
      runtime.close();
      say(err, "stopped");
      stopped.countDown();
    }, "serve-shutdown"));
    say(err, "serving " + server.url() + " (store " + s.root() + "; token in " + tokens + ")");
    ApiToken.exposure(tokens).ifPresent(warning -> say(err, warning));
    if (!java.net.InetAddress.getByName(bind).isLoopbackAddress()) {
      say(err, "warning: this is plain HTTP on " + bind + ": the token and secrets cross the network "
          + "unencrypted unless a TLS proxy or an SSH tunnel carries them (docs/REMOTE.md)");
    }
    // Runs until a signal: the shutdown hook stops the server and the JVM exits after it.
    stopped.await();
    return 0;
  }

  private static void say(PrintWriter err, String line) {
    synchronized (err) {
      err.println("template-studio: " + line);
      err.flush();
    }
  }
}
