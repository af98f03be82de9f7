package dev.templatestudio.app.cli;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.CachePrediction;
import dev.templatestudio.bridge.build.EventLog;
import dev.templatestudio.bridge.build.HashReuse;
import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.build.RuntimeUnavailableException;
import dev.templatestudio.bridge.build.SecretMasker;
import dev.templatestudio.bridge.build.TemplateInfo;
import dev.templatestudio.bridge.changes.FileChanges;
import dev.templatestudio.bridge.embedded.image.ImageSourceException;
import dev.templatestudio.bridge.embedded.image.PushProgress;
import dev.templatestudio.bridge.embedded.image.RegistryCache;
import dev.templatestudio.bridge.embedded.image.RegistryCredentials;
import dev.templatestudio.bridge.embedded.image.RegistryPush;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.machines.Machines;
import dev.templatestudio.bridge.template.Resources;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * {@code serve --cache-from/--cache-to registry:REF}: the embedded runtime with a registry build
 * cache as the default of every build it runs, with the server machine's logins. The cache is
 * read before each build and written after a ready one, before clients see the build end, so
 * the next build on any server sharing the registry finds it. Everything else is the runtime's.
 */
final class CachingRuntime implements Runtime {
  private final Runtime runtime;
  private final Store store;
  private final String from;
  private final String to;
  private final Consumer<String> log;

  /** {@code from} and {@code to}: registry references (without {@code registry:}), either null. */
  CachingRuntime(Runtime runtime, Store store, String from, String to, Consumer<String> log) {
    this.runtime = runtime;
    this.store = store;
    this.from = from;
    this.to = to;
    this.log = log;
  }

  @Override
  public String describe() {
    return runtime.describe();
  }

  @Override
  public BuildHandle build(BuildRequest request) throws IOException {
    String name = request.nameOrUnnamed();
    if (from != null) {
      importCache(name);
    }
    BuildHandle handle = runtime.build(request);
    return to == null ? handle : new Exporting(handle, name);
  }

  private void importCache(String name) {
    try {
      RegistryCache.Imported imported = RegistryCache.importFrom(store, name, from, RegistryCredentials.current());
      log.accept(imported.warning() != null ? "warning: --cache-from: " + imported.warning()
          : "--cache-from: " + imported.entries() + " cache entries and " + imported.layers() + " layers from "
              + from + " for " + name + " (" + imported.unpacked() + " base layers unpacked)");
    } catch (IOException e) {
      // A cache that cannot be read costs a cold build, never the build itself.
      log.accept("warning: --cache-from " + from + " for " + name + ": " + e.getMessage() + "; building without it");
    }
  }

  /**
   * A build whose end is held back until its cache is written: the runtime's events are passed
   * on as they come, the end after {@code --cache-to} (ready builds only).
   */
  private final class Exporting implements BuildHandle {
    private final BuildHandle handle;
    private final String name;
    private final EventLog shown;
    private final List<String> keys = new ArrayList<>();
    private final CompletableFuture<BuildEvent> result = new CompletableFuture<>();

    Exporting(BuildHandle handle, String name) {
      this.handle = handle;
      this.name = name;
      // The runtime masked the events already.
      this.shown = new EventLog(handle.id(), SecretMasker.none());
      // Not closed: the runtime's log ends with the build, and with it the subscription's use.
      handle.events().subscribe(0, this::pass);
      handle.result().whenComplete((end, failure) -> {
        if (failure != null) {
          result.completeExceptionally(failure);
        }
      });
    }

    private void pass(BuildEvent e) {
      if (!e.isEnd()) {
        if (e.cacheKey() != null && (BuildEvent.CACHE_HIT.equals(e.kind()) || BuildEvent.CACHE_MISS.equals(e.kind()))) {
          keys.add(e.cacheKey());
        }
        shown.append(e);
        return;
      }
      if (BuildEvent.STATUS_READY.equals(e.status())) {
        exportCache();
      }
      result.complete(shown.append(e));
    }

    private void exportCache() {
      try {
        RegistryPush.Result pushed = RegistryCache.export(store, name, List.copyOf(keys), to,
            RegistryCredentials.current(), PushProgress.NONE);
        log.accept("--cache-to: " + keys.size() + " steps of " + name + " kept at " + pushed.reference() + " ("
            + pushed.uploaded() + " blobs uploaded, " + pushed.existed() + " already there)");
      } catch (ImageSourceException e) {
        log.accept("warning: the build of " + name + " is ready, but --cache-to " + to + " failed: " + e.getMessage());
      } catch (IOException e) {
        log.accept("warning: the build of " + name + " is ready, but --cache-to " + to + " could not be written ("
            + e.getMessage() + ")");
      }
    }

    @Override
    public String id() {
      return handle.id();
    }

    @Override
    public EventLog events() {
      return shown;
    }

    @Override
    public CompletableFuture<BuildEvent> result() {
      return result;
    }

    @Override
    public void cancel() {
      handle.cancel();
    }
  }

  @Override
  public List<TemplateInfo> templates() throws IOException {
    return runtime.templates();
  }

  @Override
  public int run(String ref, List<String> command, BiConsumer<String, String> output) throws IOException {
    return runtime.run(ref, command, output);
  }

  @Override
  public int run(String ref, List<String> command, InputStream stdin, BiConsumer<String, String> output)
      throws IOException {
    return runtime.run(ref, command, stdin, output);
  }

  @Override
  public int run(String ref, List<String> command, InputStream stdin, Resources resources,
      BiConsumer<String, String> output) throws IOException {
    return runtime.run(ref, command, stdin, resources, output);
  }

  @Override
  public Machines machines() throws RuntimeUnavailableException {
    return runtime.machines();
  }

  @Override
  public FileChanges fileChanges() throws RuntimeUnavailableException {
    return runtime.fileChanges();
  }

  @Override
  public Optional<CachePrediction> predict(BuildRequest request, HashReuse reuse) throws IOException {
    return runtime.predict(request, reuse);
  }

  @Override
  public void close() {
    runtime.close();
  }
}
