package dev.templatestudio.bridge.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.embedded.bench.BusyboxImage;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A store with a {@code busybox} template in it (made from {@link BusyboxFixture}), so
 * integration tests build real templates with {@code "base": {"template": "busybox"}} without
 * any network. Helpers to wait for builds and read their events.
 */
public final class EngineFixture {
  public static final Base BUSYBOX = Base.template("busybox");

  private EngineFixture() {}

  /** A new store in {@code dir} holding the busybox base template. */
  public static Store storeWithBusybox(Path dir) throws IOException {
    dev.templatestudio.bridge.embedded.layer.HostRequirements.requireRoot("the sandbox mounts overlayfs");
    Store store = Store.open(dir.resolve("store"));
    BusyboxImage.seed(store, dir);
    return store;
  }

  /**
   * Makes every layer kept as its tree a blob file (the form of a layer pulled from a registry,
   * whose tree may be unpacked again) and drops its tree: what is left must unpack again. The
   * tar is the store's own, made from the tree and checked, so the blob file is the same blob.
   */
  public static void layersAsTarFilesOnly(Store store) throws IOException {
    for (String id : store.layers().diffIds()) {
      if (store.blobs().isMade(id)) {
        byte[] tar = store.blobs().read(id);
        store.blobs().put(out -> out.write(tar), id);
        java.nio.file.Files.delete(store.root().resolve("blobs/made").resolve(id.substring("sha256:".length())));
      }
      dev.templatestudio.bridge.io.Trees.delete(store.layers().path(id));
    }
  }

  public static Template template(String name, Step... steps) {
    return Template.of(BUSYBOX, List.of(steps)).withName(name);
  }

  /** Builds and waits (at most a minute) for the end. */
  public static BuildHandle build(EmbeddedRuntime rt, BuildRequest request) throws Exception {
    BuildHandle h = rt.build(request);
    h.result().get(60, TimeUnit.SECONDS);
    return h;
  }

  public static BuildHandle build(EmbeddedRuntime rt, Template t, Path context) throws Exception {
    return build(rt, BuildRequest.of(t, context));
  }

  public static BuildEvent end(BuildHandle h) throws Exception {
    return h.result().get(60, TimeUnit.SECONDS);
  }

  public static List<BuildEvent> events(BuildHandle h, String kind) {
    return h.events().after(0).stream().filter(e -> e.kind().equals(kind)).collect(Collectors.toList());
  }

  /** Each step's cache event: "hit" or the miss reason, base first. */
  public static List<String> cacheOutcomes(BuildHandle h) {
    return h.events().after(0).stream()
        .filter(e -> e.kind().equals(BuildEvent.CACHE_HIT) || e.kind().equals(BuildEvent.CACHE_MISS))
        .map(e -> e.kind().equals(BuildEvent.CACHE_HIT) ? "hit" : e.reason())
        .collect(Collectors.toList());
  }

  public static String logText(BuildHandle h) {
    return events(h, BuildEvent.LOG).stream().map(BuildEvent::message).collect(Collectors.joining("\n"));
  }

  /** Asserts the build ended ready, and returns its ref. */
  public static String assertReady(BuildHandle h) throws Exception {
    BuildEvent end = end(h);
    assertThat(end.status()).as("build-end: %s", end.message()).isEqualTo(BuildEvent.STATUS_READY);
    return end.ref();
  }

  /** Nothing of a store is mounted, and no process runs a command containing {@code marker}. */
  public static void assertNothingLeft(Path storeDir, String marker) throws IOException {
    assertThat(Files.readString(Path.of("/proc/mounts"))).doesNotContain(storeDir.toString());
    if (marker != null) {
      assertThat(dev.templatestudio.bridge.testing.ProcessArgs.all().stream()
          .filter(c -> c.contains(marker)).collect(Collectors.toList())).isEmpty();
    }
  }
}
