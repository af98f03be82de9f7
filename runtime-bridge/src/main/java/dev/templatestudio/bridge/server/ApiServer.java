package dev.templatestudio.bridge.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.BuildThreads;
import dev.templatestudio.bridge.build.EventTime;
import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.build.RuntimeUnavailableException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code serve}: the remote runtime API (CONTRACT.md §6) over a {@link Runtime}, on the JDK's
 * HTTP server. Its state (contexts, builds and their events) lives in {@code stateDir}, which
 * one server at a time may use (a file lock says so; the kernel drops it when the process
 * dies). On start, builds that a previous server left running are recorded as ended by the
 * restart. {@link #close} cancels running builds, waits briefly for them to record their end,
 * then stops. Each request runs on its own daemon thread. Thread-safe.
 */
public final class ApiServer implements AutoCloseable {
  private static final Pattern CONTEXT = Pattern.compile("/v1/contexts/([^/]+)");
  private static final Pattern BLOB = Pattern.compile("/v1/blobs/([^/]+)");
  private static final Pattern BUILD = Pattern.compile("/v1/builds/([^/]+)");
  private static final Pattern EVENTS = Pattern.compile("/v1/builds/([^/]+)/events");
  /** A template is a few kilobytes; a build request larger than this is a mistake or an attack. */
  private static final int MAX_POST_BYTES = 4 << 20;
  /** How long {@link #close} lets cancelled builds take to end. */
  private static final long CANCEL_SECONDS = 10;

  /**
   * How to serve.
   *
   * @param maxContextBytes the largest context tar accepted (larger: 413)
   * @param log             receives one line per build started and ended, for the operator
   */
  public record Options(String bind, int port, ApiToken token, long maxContextBytes, String version,
      Consumer<String> log) {}

  /**
   * Keeping the store's size: past {@code keepStorageBytes} ({@code serve --keep-storage-mb}),
   * it is pruned at start and after each build (see {@link StorageKeeper}).
   */
  public record Upkeep(StoreKeeping store, long keepStorageBytes) {}

  private final Options options;
  private final Runtime runtime;
  private final ContextStore contexts;
  private final ManifestUploads uploads;
  private final ServerBuilds builds;
  private final StorageKeeper keeper;
  private final FileChannel lockChannel;
  private final HttpServer http;
  private final ConnectionGuard guard;
  private final ExecutorService executor;
  private volatile boolean stopping;

  private ApiServer(Runtime runtime, Path stateDir, Options options, Upkeep upkeep,
      ConnectionGuard.Limits limits, FileChannel lockChannel) throws IOException {
    this.options = options;
    this.runtime = runtime;
    this.lockChannel = lockChannel;
    this.contexts = new ContextStore(stateDir.resolve("contexts"), options.maxContextBytes());
    ContextBlobs blobs = new ContextBlobs(stateDir.resolve("blobs"), options.maxContextBytes());
    this.uploads = new ManifestUploads(contexts, blobs);
    BuildJournal journal = new BuildJournal(stateDir.resolve("builds"));
    int ended = journal.recover(EventTime.now());
    if (ended > 0) {
      options.log().accept(ended + " build(s) left running by the previous server recorded as ended (error: server restarted)");
    }
    this.builds = new ServerBuilds(runtime, journal, stateDir.resolve("spill"), options.log());
    this.keeper = upkeep == null ? null
        : new StorageKeeper(upkeep.store(), contexts, blobs, upkeep.keepStorageBytes(), options.log());
    if (keeper != null) {
      // A build that only read the cache, after no upload, left the store as it was: no walk of it.
      builds.afterEach(grew -> {
        if (grew | contexts.takeAdded() | blobs.takeAdded()) {
          keeper.check();
        }
      });
      keeper.check();
    }
    this.executor = BuildThreads.pool("serve-");
    // The JDK server listens on loopback only, behind the guard, which clients connect to.
    this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    http.createContext("/", this::handle);
    http.setExecutor(executor);
    http.start();
    try {
      this.guard = new ConnectionGuard(new InetSocketAddress(options.bind(), options.port()), http.getAddress(),
          limits, options.log());
    } catch (IOException | RuntimeException e) {
      http.stop(0);
      executor.shutdownNow();
      throw e;
    }
  }

  /**
   * Starts serving {@code runtime} with its state in {@code stateDir}.
   *
   * @throws RuntimeUnavailableException when another server uses {@code stateDir}, or the
   *     address cannot be bound
   */
  public static ApiServer start(Runtime runtime, Path stateDir, Options options) throws IOException {
    return start(runtime, stateDir, options, (Upkeep) null);
  }

  /** As {@link #start(Runtime, Path, Options)}, keeping the store's size by {@code upkeep} (null: never pruned). */
  public static ApiServer start(Runtime runtime, Path stateDir, Options options, Upkeep upkeep) throws IOException {
    return start(runtime, stateDir, options, upkeep, ConnectionGuard.Limits.DEFAULT);
  }

  /** {@link #start(Runtime, Path, Options)} with other connection limits than serve's (tests). */
  static ApiServer start(Runtime runtime, Path stateDir, Options options, ConnectionGuard.Limits limits)
      throws IOException {
    return start(runtime, stateDir, options, null, limits);
  }

  private static ApiServer start(Runtime runtime, Path stateDir, Options options, Upkeep upkeep,
      ConnectionGuard.Limits limits) throws IOException {
    Files.createDirectories(stateDir);
    // Contexts, build records and the token are the server owner's alone, whoever made the folder.
    Files.setPosixFilePermissions(stateDir, PosixFilePermissions.fromString("rwx------"));
    FileChannel lock = FileChannel.open(stateDir.resolve("serve.lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
    try {
      FileLock held = lock.tryLock();
      if (held == null) {
        throw new RuntimeUnavailableException("another serve is already using the store "
            + stateDir.getParent() + "; stop it or give this one its own --store");
      }
      return new ApiServer(runtime, stateDir, options, upkeep, limits, lock);
    } catch (java.net.BindException e) {
      lock.close();
      throw new RuntimeUnavailableException("cannot listen on " + options.bind() + ":" + options.port()
          + ": " + e.getMessage() + "; choose another --port or --bind", e);
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** The port listened on (the chosen one when started with port 0). */
  public int port() {
    return guard.address().getPort();
  }

  /** The port of the JDK server behind the guard (tests show it refuses what did not come through the guard). */
  int internalPort() {
    return http.getAddress().getPort();
  }

  /** The base URL clients use, such as {@code http://127.0.0.1:7433}. */
  public URI url() {
    String host = guard.address().getAddress().getHostAddress();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
  }

  /** Cancels running builds (waiting briefly for them to end), then stops listening. */
  @Override
  public void close() {
    stopping = true;
    builds.cancelAll(CANCEL_SECONDS);
    if (keeper != null) {
      keeper.close();
    }
    // Streams of the cancelled builds have brought their ends by now; one that has not is cut here.
    http.stop(1);
    guard.close();
    executor.shutdownNow();
    try {
      lockChannel.close();
    } catch (IOException e) {
      // The lock goes with the process anyway.
    }
  }

  private void handle(HttpExchange ex) {
    try {
      // One request per connection: the guard times each request's head from its connection's start.
      ex.getResponseHeaders().set("Connection", "close");
      if (!guard.relayed(ex.getRemoteAddress())) {
        options.log().accept("refused a request to the internal listener from " + ex.getRemoteAddress());
        Exchanges.error(ex, 403, "connect to the address serve printed, not to its internal one");
        return;
      }
      if (!options.token().matches(bearer(ex))) {
        ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        Exchanges.error(ex, 401, ex.getRequestHeaders().containsKey("Authorization")
            ? "the token is not this server's; use the one in its token file"
            : "this server needs \"Authorization: Bearer TOKEN\"; serve printed where its token file is");
        return;
      }
      route(ex, ex.getRequestMethod(), ex.getRequestURI().getPath());
    } catch (ApiError e) {
      respond(ex, e.status(), e.getMessage());
    } catch (RuntimeUnavailableException e) {
      respond(ex, 503, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException | Error e) {
      // The details are the operator's: they name server paths and classes a client has no use for.
      options.log().accept(ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + " failed: " + e);
      respond(ex, 500, "the server failed to answer this request; its log says why");
    } finally {
      // Closed only after any error answer: closing first would leave the client without one.
      ex.close();
    }
  }

  private void route(HttpExchange ex, String method, String path) throws IOException, ApiError, InterruptedException {
    Matcher m;
    if (path.equals("/v1/health")) {
      allow(method, "GET");
      Exchanges.json(ex, 200, Map.of("version", options.version(), "maxContextBytes", contexts.maxBytes(),
          "contextManifests", 1));
    } else if (path.equals("/v1/templates")) {
      allow(method, "GET");
      Exchanges.json(ex, 200, runtime.templates());
    } else if (path.equals("/v1/builds")) {
      allow(method, "POST");
      BuildRequest request = BuildPost.read(body(ex, MAX_POST_BYTES), contexts);
      Exchanges.json(ex, 202, Map.of("build", builds.start(request)));
    } else if (path.equals("/v1/runs")) {
      allow(method, "POST");
      if (stopping) {
        throw new ApiError(503, "the server is stopping; run again once it is back");
      }
      RunStream.send(ex, runtime, RunPost.read(body(ex, MAX_POST_BYTES)));
    } else if (path.equals("/v1/contexts")) {
      allow(method, "POST");
      uploads.post(ex);
    } else if ((m = BLOB.matcher(path)).matches()) {
      allow(method, "PUT");
      uploads.putBlob(ex, ContextStore.hex(m.group(1)), contentLength(ex));
    } else if ((m = CONTEXT.matcher(path)).matches()) {
      allow(method, "HEAD", "PUT", "POST");
      String hex = ContextStore.hex(m.group(1));
      if (method.equals("POST")) {
        uploads.assemble(ex, hex);
      } else if (method.equals("HEAD")) {
        boolean known = contexts.has(hex);
        if (known) {
          contexts.touch(hex);
        }
        Exchanges.empty(ex, known ? 200 : 404);
      } else {
        contexts.put(hex, ex.getRequestBody(), contentLength(ex));
        Exchanges.json(ex, 201, Map.of("context", "sha256:" + hex));
      }
    } else if (path.startsWith("/v1/machines") || path.equals("/v1/pools")) {
      if (stopping && !method.equals("GET")) {
        throw new ApiError(503, "the server is stopping; try again once it is back");
      }
      byte[] body = method.equals("POST") ? body(ex, MAX_POST_BYTES) : new byte[0];
      if (!MachineRoutes.route(ex, method, path, runtime.machines(), body)) {
        throw new ApiError(404, "no such API path: " + path + " (see docs/MACHINES.md)");
      }
    } else if ((m = EVENTS.matcher(path)).matches()) {
      allow(method, "GET");
      String id = m.group(1);
      long after = after(ex);
      EventStream.send(ex, builds.events(id).orElseThrow(() -> unknown(id)), after);
    } else if ((m = BUILD.matcher(path)).matches()) {
      allow(method, "GET", "DELETE");
      String id = m.group(1);
      BuildStatus status = builds.status(id).orElseThrow(() -> unknown(id));
      if (method.equals("DELETE")) {
        boolean cancelling = builds.cancel(id);
        Exchanges.json(ex, cancelling ? 202 : 200, cancelling ? builds.status(id).orElse(status) : status);
      } else {
        Exchanges.json(ex, 200, status);
      }
    } else {
      throw new ApiError(404, "no such API path: " + path + " (see CONTRACT.md §6)");
    }
  }

  private static ApiError unknown(String id) {
    return new ApiError(404, "no build \"" + id + "\" on this server");
  }

  static void allow(String method, String... allowed) throws ApiError {
    for (String a : allowed) {
      if (a.equals(method)) {
        return;
      }
    }
    throw new ApiError(405, method + " is not allowed here; use " + String.join(" or ", allowed));
  }

  /**
   * Where an event stream resumes: after the {@code Last-Event-ID} header, else {@code ?after=SEQ},
   * else 0. A blank header (some clients and proxies send it empty) names no seq, so the query counts then.
   */
  private static long after(HttpExchange ex) throws ApiError {
    String value = Optional.ofNullable(ex.getRequestHeaders().getFirst("Last-Event-ID"))
        .filter(header -> !header.isBlank())
        .orElse(Exchanges.query(ex, "after"));
    if (value == null || value.isBlank()) {
      return 0;
    }
    try {
      long seq = Long.parseLong(value.strip());
      if (seq < 0) {
        throw new NumberFormatException();
      }
      return seq;
    } catch (NumberFormatException e) {
      throw new ApiError(400, "\"" + value + "\" is not an event seq to resume after (a whole number from 0)");
    }
  }

  private static byte[] body(HttpExchange ex, int max) throws IOException, ApiError {
    byte[] body = ex.getRequestBody().readNBytes(max + 1);
    if (body.length > max) {
      throw new ApiError(413, "a build request is at most " + max + " bytes; put files in the context, not the template");
    }
    return body;
  }

  private static long contentLength(HttpExchange ex) {
    String value = ex.getRequestHeaders().getFirst("Content-Length");
    try {
      return value == null ? -1 : Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String bearer(HttpExchange ex) {
    String value = ex.getRequestHeaders().getFirst("Authorization");
    return value != null && value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(7).strip() : null;
  }

  /** An error answer, unless the response has already begun (an event stream that broke). */
  private static void respond(HttpExchange ex, int status, String message) {
    if (ex.getResponseCode() != -1) {
      return;
    }
    try {
      Exchanges.error(ex, status, message);
    } catch (IOException e) {
      // The client is gone: nobody to tell.
    }
  }
}
