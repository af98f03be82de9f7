package dev.templatestudio.bridge.remote;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.EventLog;
import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.build.RuntimeUnavailableException;
import dev.templatestudio.bridge.build.SecretMasker;
import dev.templatestudio.bridge.build.TemplateInfo;
import dev.templatestudio.bridge.context.LocalSources;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Resources;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.TemplateJson;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import okhttp3.HttpUrl;

/**
 * The remote runtime: a {@code serve} instance reached over HTTP(S) (CONTRACT.md §6). A build
 * sends what of the context the server lacks (by file when it takes manifests, {@link ContextUpload}), posts the template and follows
 * the server's event stream; the events arrive with the server's seq. Secret values travel in
 * the build request and are held only in the server's memory (docs/REMOTE.md). Commands run
 * in machines on the server, their output streamed back. Thread-safe.
 */
public final class HttpRuntime implements Runtime {
  private final ApiClient client;
  private final String description;
  /** Where the hash memos of contexts are kept: the user's cache, by the caller's environment. */
  private final java.nio.file.Path memoDir;
  private final List<RemoteBuild> following = new CopyOnWriteArrayList<>();
  /** The health request started with the runtime, for its first build; taken once. */
  private final AtomicReference<CompletableFuture<ApiClient.Health>> early = new AtomicReference<>();

  /**
   * A runtime at {@code url} ({@code http://HOST:PORT} or {@code https://…}) with bearer
   * {@code token}. Starts connecting at once (a health request on a thread of its own), so the
   * connection is ready by the time a build has read its context.
   *
   * @throws RuntimeUnavailableException when the URL is not one, or there is no usable token
   */
  public HttpRuntime(String url, String token) throws RuntimeUnavailableException {
    this(url, token, System.getenv());
  }

  /**
   * As {@link #HttpRuntime(String, String)}, the user's cache folder (for the context's hash
   * memo) taken from {@code env}: the environment of the command, which in the local engine is
   * its client's, not the engine's own.
   */
  public HttpRuntime(String url, String token, java.util.Map<String, String> env) throws RuntimeUnavailableException {
    HttpUrl parsed = HttpUrl.parse(url.endsWith("/") ? url : url + "/");
    if (parsed == null) {
      throw new RuntimeUnavailableException("\"" + url + "\" is not a URL; use http://HOST:PORT or https://HOST:PORT");
    }
    if (token == null || token.isBlank()) {
      throw new RuntimeUnavailableException("the remote runtime " + url + " needs its token: give serve's token "
          + "file with --token-file FILE or set TEMPLATE_STUDIO_TOKEN");
    }
    this.client = new ApiClient(parsed, BearerToken.check(token, "the token for " + url));
    this.description = client.url();
    this.memoDir = HashMemo.dir(env);
    early.set(client.healthSoon());
  }

  private HttpRuntime(java.nio.file.Path socket, String token) throws RuntimeUnavailableException {
    this.client = new ApiClient(socket, BearerToken.check(token, "the token for " + socket));
    this.description = "the local daemon on " + socket;
    this.memoDir = HashMemo.dir(System.getenv());
  }

  /** The runtime of the {@code serve} that listens on unix socket {@code socket} (the local daemon). */
  public static HttpRuntime overUnixSocket(java.nio.file.Path socket, String token) throws RuntimeUnavailableException {
    return new HttpRuntime(socket, token);
  }

  @Override
  public String describe() {
    return description;
  }

  /**
   * Sends what of the context the server lacks, posts the build and starts following its
   * events. Blocks for the upload; call from a worker thread.
   */
  @Override
  public BuildHandle build(BuildRequest request) throws IOException {
    CompletableFuture<ApiClient.Health> started = early.getAndSet(null);
    CompletableFuture<ApiClient.Health> health = started != null ? started : client.healthSoon();
    ObjectNode body = ApiClient.JSON.createObjectNode();
    body.set("template", TemplateJson.mapper().readTree(TemplateJson.write(request.template())));
    if (needsContext(request.template())) {
      body.put("context", ContextUpload.send(client, request.context(), health, memoDir));
    } else {
      ContextUpload.await(client, health);
    }
    if (request.name() != null) {
      body.put("name", request.name());
    }
    request.tags().forEach(body.putArray("tags")::add);
    body.put("noCache", request.noCache());
    body.put("recheckReady", request.recheckReady());
    if (!request.secretValues().isEmpty()) {
      ObjectNode secrets = body.putObject("secrets");
      request.secretValues().forEach(secrets::put);
    }
    String id;
    try {
      id = client.postBuild(body);
    } catch (RemoteRefusalException e) {
      throw new RemoteRefusalException(e.status(), "the server " + client.url() + " refused the build: " + e.getMessage());
    }
    RemoteBuild build = new RemoteBuild(client, new EventLog(id, new SecretMasker(request.secretValues().values())));
    following.add(build);
    build.result().whenComplete((end, failure) -> following.remove(build));
    build.start();
    return build;
  }

  @Override
  public List<TemplateInfo> templates() throws IOException {
    return client.templates();
  }

  /**
   * Runs {@code command} in a machine of template {@code ref} on the server (the extension
   * {@code POST /v1/runs}); the output arrives line by line. When this process goes away (Ctrl+C)
   * its connection closes and the server stops the machine.
   */
  @Override
  public int run(String ref, List<String> command, BiConsumer<String, String> output) throws IOException {
    return RemoteRun.run(client, ref, command, null, output);
  }

  /** As {@link #run(String, List, BiConsumer)}, the machine on the server held to {@code resources}; no stdin. */
  @Override
  public int run(String ref, List<String> command, java.io.InputStream stdin, Resources resources,
      BiConsumer<String, String> output) throws IOException {
    return RemoteRun.run(client, ref, command, resources, output);
  }

  /** Stops following builds (they go on on the server) and lets go of connections. */
  /** The machines the server holds: they live there, not in this process. */
  @Override
  public dev.templatestudio.bridge.machines.Machines machines() {
    return new RemoteMachines(client);
  }

  @Override
  public void close() {
    following.forEach(RemoteBuild::stop);
    client.close();
  }

  /**
   * Copy steps read the context; so do local images, whose paths are relative to it: a base, a
   * build stage's base, what a copy or mount takes files from; and a bind mount of the context.
   */
  private static boolean needsContext(Template template) {
    if (needsContext(template.base(), template.steps())) {
      return true;
    }
    return template.stages().stream().anyMatch(s -> s != null && needsContext(s.base(), s.steps()));
  }

  private static boolean needsContext(Base base, List<Step> steps) {
    if (isLocal(base)) {
      return true;
    }
    for (Step step : steps) {
      if (step instanceof CopyStep c && (c.from() == null || isLocal(c.from()))) {
        return true;
      }
      if (step instanceof RunStep r && r.mounts().stream().anyMatch(m -> m != null
          && (isLocal(m.from()) || "bind".equals(m.type()) && m.from() == null))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isLocal(Base ref) {
    return ref != null && ref.image() != null && LocalSources.isLocal(ref.image());
  }
}
