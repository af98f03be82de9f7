package dev.templatestudio.app.cli;

import dev.templatestudio.app.version.Version;
import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.build.RuntimeUnavailableException;
import dev.templatestudio.bridge.embedded.EmbeddedRuntime;
import dev.templatestudio.bridge.embedded.sandbox.Sandbox;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.remote.BearerToken;
import dev.templatestudio.bridge.runtimes.ServeStorage;
import dev.templatestudio.bridge.server.ApiServer;
import dev.templatestudio.bridge.server.ApiToken;
import dev.templatestudio.bridge.server.UnixRelay;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * store, until SIGINT or SIGTERM. Then running builds are cancelled (and recorded as ended in
 * error: the server stopped) before the process exits. Prints on stderr where it listens and where the token is.
 */
@Command(name = "serve", description = "Serve the remote runtime API over the embedded runtime until Ctrl+C or SIGTERM.")
final class ServeCommand implements Callable<Integer> {
  private static final long MB = 1024 * 1024;
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

  @Option(names = "--max-build-disk-mb", paramLabel = "N",
      description = "Most a build may add to the store: layers, pulls and scratch; a build past it fails (default: ${DEFAULT-VALUE}; 0: no bound).")
  long maxBuildDiskMb = 20480;

  @Option(names = "--keep-storage-mb", paramLabel = "N",
      description = "Prune the store back under this after each build: least recently used contexts and build cache first, never a template "
          + "(default: a tenth of the store's file system; 0: never).")
  Long keepStorageMb;

  @Option(names = "--socket", paramLabel = "PATH", description = "Also answer on this unix socket (mode 0600), "
      + "as the local daemon the machine and pool commands start by themselves does on serve/local.sock in the store.")
  Path socket;

  @Option(names = "--engine-socket", paramLabel = "PATH", description = "Also run the build and run commands of "
      + "template-studio's thin client on this unix socket (mode 0600), as the local daemon does on serve/engine.sock.")
  Path engineSocket;

  @Option(names = "--idle-exit-minutes", paramLabel = "N", description = "Exit once no machine, no pool and no "
      + "connection has been there for N minutes (default: 0, never).")
  long idleExitMinutes;

  @Option(names = "--log-file", paramLabel = "F", description = "Write what serve says to F instead of stderr; past 1 MB "
      + "F is moved to F.1 (one old file kept), as the local daemon does with serve/local.log in the store.")
  Path logFile;

  @Mixin
  StoreOption store;

  /** The registry build cache of every build served (the server machine's logins), as build's options. */
  @Mixin
  CacheOptions cache;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter err = logFile == null ? spec.commandLine().getErr() : boundedLog();
    if (port < 0 || port > 65535) {
      throw new CliException("--port " + port + ": use 0 to 65535", 2);
    }
    if (maxContextMb < 1) {
      throw new CliException("--max-context-mb " + maxContextMb + ": use 1 or more", 2);
    }
    if (maxBuildDiskMb < 0) {
      throw new CliException("--max-build-disk-mb " + maxBuildDiskMb + ": use 0 (no bound) or more", 2);
    }
    if (idleExitMinutes < 0) {
      throw new CliException("--idle-exit-minutes " + idleExitMinutes + ": use 0 (never) or more", 2);
    }
    if (keepStorageMb != null && keepStorageMb < 0) {
      throw new CliException("--keep-storage-mb " + keepStorageMb + ": use 0 (never prune) or more", 2);
    }
    cache.check();
    InetAddress address = address();
    Path location = store.location().toAbsolutePath().normalize();
    Path tokens = tokenFile != null ? tokenFile.toAbsolutePath() : ApiToken.defaultFile(location);
    checkTokenFile(tokens);
    Sandbox.detect();
    Store s = store.open();
    ApiToken token = ApiToken.loadOrCreate(tokens);
    EmbeddedRuntime engine = new EmbeddedRuntime(s, maxBuildDiskMb, "serve --max-build-disk-mb");
    // Now, not on the first request: a holder that starts ends the machines its dead predecessor left.
    engine.machines();
    Runtime runtime = cache.given() ? new CachingRuntime(engine, s, cache.fromRef(), cache.toRef(), line -> say(err, line))
        : engine;
    long keepMb = keepStorageMb != null ? keepStorageMb
        : Files.getFileStore(s.root()).getTotalSpace() / 10 / MB;
    ApiServer server;
    try {
      server = startServer(s, runtime, token, keepMb, err);
    } catch (IOException | InterruptedException e) {
      runtime.close();
      throw e;
    }
    UnixRelay relay;
    try {
      relay = socket == null ? null : UnixRelay.start(socket.toAbsolutePath(), server.port());
    } catch (IOException e) {
      server.close();
      runtime.close();
      throw new CliException("--socket " + socket + ": " + e.getMessage());
    }
    EngineServer thinClients;
    try {
      thinClients = engineSocket == null ? null : EngineServer.start(engineSocket.toAbsolutePath(), s,
          () -> IdleExit.idle(runtime) && (relay == null || relay.idleMillis() > 0), line -> say(err, line));
    } catch (IOException e) {
      if (relay != null) {
        relay.close();
      }
      server.close();
      runtime.close();
      throw new CliException("--engine-socket " + engineSocket + ": " + e.getMessage());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    java.lang.Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      say(err, "stopping: cancelling running builds");
      if (relay != null) {
        relay.close();
      }
      if (thinClients != null) {
        thinClients.close();
      }
      server.close();
      runtime.close();
      say(err, "stopped");
      stopped.countDown();
    }, "serve-shutdown"));
    say(err, "serving " + server.url() + " (store " + s.root() + "; token in " + tokens + ")");
    say(err, (maxBuildDiskMb == 0 ? "builds may add any amount to the store" : "each build may add at most "
        + maxBuildDiskMb + " MB to the store") + " (--max-build-disk-mb); " + (keepMb == 0
        ? "the store is never pruned" : "past " + keepMb + " MB it is pruned") + " (--keep-storage-mb)");
    ApiToken.exposure(tokens).ifPresent(warning -> say(err, warning));
    if (!address.isLoopbackAddress()) {
      say(err, "warning: this is plain HTTP on " + bind + ": the token and secrets cross the network "
          + "unencrypted unless a TLS proxy or an SSH tunnel carries them (docs/REMOTE.md)");
    }
    if (relay != null) {
      say(err, "also answering on " + socket.toAbsolutePath());
    }
    if (thinClients != null) {
      say(err, "running the thin client's build and run commands on " + engineSocket.toAbsolutePath());
    }
    // Once it answers (a second serve on the same address fails above without touching them).
    for (String problem : engine.keepPools(s.root().resolve("serve").resolve(poolsFile()))) {
      say(err, problem);
    }
    if (idleExitMinutes > 0) {
      IdleExit.watch(runtime, relay, thinClients, idleExitMinutes, () -> say(err, "idle for " + idleExitMinutes
          + " min with no machine, no pool and no connection: exiting"));
    }
    // Runs until a signal: the shutdown hook stops the server and the JVM exits after it.
    stopped.await();
    return 0;
  }

  /**
   * What serve says from now on, to {@link #logFile} kept bounded; what anything else in this
   * process prints (a thread that dies of an exception) goes there too.
   */
  private PrintWriter boundedLog() throws IOException {
    PrintStream log = new PrintStream(new BoundedLog(logFile.toAbsolutePath(), BoundedLog.MAX_BYTES), true,
        StandardCharsets.UTF_8);
    System.setOut(log);
    System.setErr(log);
    return new PrintWriter(log, true, StandardCharsets.UTF_8);
  }

  /**
   * Where this serve keeps its warm pools' settings in the store, named for where it answers:
   * the local daemon ({@code --socket}) and a serve on a port, on one store, each get theirs back.
   */
  private String poolsFile() {
    return "pools-" + (socket != null ? socket.getFileName().toString() : bind + "-" + port) + ".json";
  }

  /** The --bind address, resolved here: the server would only say "Unresolved address". */
  private InetAddress address() {
    try {
      return InetAddress.getByName(bind);
    } catch (UnknownHostException e) {
      throw new CliException("--bind " + bind + ": no such address; give an address of this machine, "
          + "such as 127.0.0.1 or 0.0.0.0");
    }
  }

  /**
   * Refuses a token file that serve could not use, naming it: a folder (which would only say
   * "Is a directory"), or a token no client can send (see {@link BearerToken}). A missing or
   * empty file is ApiToken's to handle.
   */
  private void checkTokenFile(Path tokens) throws IOException {
    String what = tokenFile != null ? "--token-file " + tokenFile : "the token file " + tokens;
    if (Files.isDirectory(tokens)) {
      throw new CliException(what + " is a folder, not a file");
    }
    if (Files.isRegularFile(tokens)) {
      // Latin-1 never fails to decode; a byte outside ASCII is then refused as such.
      String text = new String(Files.readAllBytes(tokens), StandardCharsets.ISO_8859_1);
      if (!text.isBlank()) {
        BearerToken.check(text, "the token in " + what);
      }
    }
  }

  private static void say(PrintWriter err, String line) {
    synchronized (err) {
      err.println("template-studio: " + line);
      err.flush();
    }
  }
  /**
   * The API server on the store's serve folder. A local daemon that a build or run started by
   * itself holds that folder: unless this is the daemon, it is asked to end, and its going is
   * waited for (at most 10 s); one that holds machines, pools or a command stays, and is named.
   */
  private ApiServer startServer(Store s, Runtime runtime, ApiToken token, long keepMb, PrintWriter err)
      throws IOException, InterruptedException {
    Path own = engineSocket == null ? null : engineSocket.toAbsolutePath().normalize();
    boolean asked = !EngineFrames.socket(s.root()).equals(own) && LocalDaemon.askToStepAside(s.root());
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      try {
        return ApiServer.start(runtime, s.root().resolve("serve"), new ApiServer.Options(bind, port, token,
            maxContextMb * MB, Version.get(), line -> say(err, line)),
            keepMb == 0 ? null : new ApiServer.Upkeep(ServeStorage.keeping(s), keepMb * MB));
      } catch (RuntimeUnavailableException e) {
        if (!asked || !e.getMessage().startsWith("another serve")) {
          throw e;
        }
        if (System.nanoTime() > deadline) {
          throw new CliException(e.getMessage() + " (it is the local daemon, which still holds machines, pools or "
              + "a command: see template-studio machine ls and pool ls)");
        }
        Thread.sleep(100);
      }
    }
  }
}
