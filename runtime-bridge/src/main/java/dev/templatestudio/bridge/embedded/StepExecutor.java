package dev.templatestudio.bridge.embedded;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.embedded.layer.LayerExtractor;
import dev.templatestudio.bridge.embedded.oci.Descriptor;
import dev.templatestudio.bridge.embedded.oci.ImageConfig;
import dev.templatestudio.bridge.embedded.step.ImageUser;
import dev.templatestudio.bridge.embedded.step.LayerStack;
import dev.templatestudio.bridge.plan.StepCommands;
import dev.templatestudio.bridge.plan.BuildPlan;
import dev.templatestudio.bridge.plan.BuildScope;
import dev.templatestudio.bridge.plan.StepFailure;
import dev.templatestudio.bridge.plan.BuildHistory;
import dev.templatestudio.bridge.embedded.store.CacheIndex;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.DownloadStep;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.UserStep;
import dev.templatestudio.bridge.template.WorkdirStep;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Does the base and each step of a build with the cache: exactly one {@code cache-hit} or
 * {@code cache-miss} per step, then a {@code step-end}. A hit takes the step's layer and
 * config from the cache; a miss makes them and records them under the step's key, last, so
 * the cache never points at something half made. Confined to the build's thread.
 */
final class StepExecutor {
  private final Store store;
  private final StepRunner runner;
  private final BuildRequest request;
  private final BuildPlan plan;
  private final BuildScope scope;
  private final List<BuildHistory.StepRecord> previous;
  private final StageLog log;
  private final FromSources from;
  private final RunMounts mounts;
  private final CacheWrites writes;
  private int hits;

  StepExecutor(Store store, StepRunner runner, BuildRequest request, BuildPlan plan, BuildScope scope,
      List<BuildHistory.StepRecord> previous, StageLog log, FromSources from, RunMounts mounts) {
    this.from = from;
    this.mounts = mounts;
    this.store = store;
    this.runner = runner;
    this.request = request;
    this.plan = plan;
    this.scope = scope;
    this.previous = previous;
    this.log = log;
    this.writes = new CacheWrites(store.cache());
  }

  int cacheHits() {
    return hits;
  }

  /** Waits until the cache entries of the steps made so far are written; the first failure. */
  void finish() throws IOException {
    writes.close();
  }

  /** Step 0: the base image's layers unpacked and its config ({@code config}: as its build left it). */
  ImageState base(BaseImages.Resolved base, ImageEnvs.Split config, long startNanos) throws IOException {
    ImageConfig image0 = base.config();
    List<String> diffIds = image0.rootfs() == null ? List.of() : image0.rootfs().diffIds();
    List<Descriptor> layers = base.manifest().layers();
    CacheLookup.Outcome lookup = CacheLookup.base(store, plan, diffIds, request, previous);
    String key = lookup.key();
    boolean hit = lookup.hit();
    announce(0, lookup);
    ImageState image = new ImageState();
    image.architecture = image0.architecture();
    image.os = image0.os();
    for (int i = 0; i < layers.size(); i++) {
      Descriptor layer = layers.get(i);
      String diffId = i < diffIds.size() ? diffIds.get(i) : layer.digest();
      try {
        image.addLayer(layer, diffId, unpack(diffId, layer.digest()));
      } catch (IOException e) {
        if (runner.budget().exceeded()) {
          runner.budget().note(" unpacking the base image");
        }
        throw e;
      }
    }
    image.config = config.build();
    image.inheritedRuntimeEnvs = config.runtime();
    long emptyInHistory = image0.history().stream().filter(h -> !Boolean.TRUE.equals(h.emptyLayer())).count();
    if (emptyInHistory == layers.size()) {
      image.history.addAll(image0.history());
    } else {
      // History must have one entry per layer, or tools reject the image.
      for (int i = 0; i < layers.size(); i++) {
        image.history.add(new ImageConfig.History(ImageWriter.CREATED, "FROM " + request.template().base().reference(), null));
      }
    }
    if (!hit) {
      // The entry names the base's manifest: prune keeps the base's layers while the entry lives.
      writes.put(key, new CacheIndex.Entry(null, 0, image.config,
          "FROM " + request.template().base().reference(), base.manifestDigest()));
    } else {
      store.cache().touch(key);
    }
    end(0, startNanos);
    return image;
  }

  /**
   * Step 0 of a stage whose base is build stage {@code stage}: that stage's finished image
   * ({@code built}), its layers already unpacked; its key is the stage's result.
   */
  ImageState baseStage(String stage, ImageState built, long startNanos) throws IOException {
    String key = plan.key(0);
    boolean hit = !(request.noCache() || request.template().force()) && store.cache().get(key).isPresent();
    announce(0, key, hit);
    ImageState image = new ImageState();
    image.architecture = built.architecture;
    image.os = built.os;
    for (int k = 0; k < built.layers.size(); k++) {
      image.addLayer(built.layers.get(k), built.diffIds.get(k), built.layerDirs.get(k));
    }
    image.history.addAll(built.history);
    image.config = built.config;
    image.inheritedRuntimeEnvs = built.inheritedRuntimeEnvs;
    if (hit) {
      store.cache().touch(key);
    } else {
      writes.put(key, EmbeddedBuild.configEntry(image.config, "FROM " + stage));
    }
    end(0, startNanos);
    return image;
  }

  /** Step {@code i} (1-based), its variables expanded, applied to {@code image}. */
  void step(int i, String message, ImageState image) throws IOException, StepFailure, InterruptedException {
    long t0 = System.nanoTime();
    scope.check(i);
    Step step = scope.expanded().steps().get(i - 1);
    CacheLookup.Outcome lookup = CacheLookup.step(store, plan, i, request, previous);
    String key = lookup.key();
    Optional<CacheIndex.Entry> cached = lookup.entry();
    announce(i, lookup);
    CacheIndex.Entry entry = cached.isPresent() ? cached.get() : make(i, step, message, image);
    if (cached.isEmpty()) {
      writes.put(key, entry);
    } else {
      store.cache().touch(key);
    }
    image.config = entry.config();
    if (entry.hasLayer()) {
      Path dir = unpack(entry.diffId(), entry.diffId());
      image.addLayer(new Descriptor(dev.templatestudio.bridge.embedded.oci.MediaTypes.OCI_LAYER,
          entry.diffId(), entry.layerSize()), entry.diffId(), dir);
    }
    image.history.add(new ImageConfig.History(ImageWriter.CREATED, message, entry.hasLayer() ? null : Boolean.TRUE));
    end(i, t0);
  }

  private CacheIndex.Entry make(int i, Step step, String message, ImageState image)
      throws IOException, StepFailure, InterruptedException {
    ImageConfig.Config c = image.config;
    if (step instanceof EnvStep) {
      return EmbeddedBuild.configEntry(ImageConfigs.withEnv(c, ((EnvStep) step).vars()), message);
    }
    if (step instanceof WorkdirStep) {
      ImageConfig.Config next = ImageConfigs.withWorkdir(c, ((WorkdirStep) step).path());
      String dir = next.workingDir();
      if (!isFolder(new LayerStack(image.lowersTopFirst()), dir)) {
        // Like Docker's WORKDIR: a folder that does not exist yet is made, in a layer of its own.
        StepRunner.Layer layer = runner.directory(i, message, dir, image);
        return new CacheIndex.Entry(layer.descriptor().digest(), layer.descriptor().size(), next, message);
      }
      return EmbeddedBuild.configEntry(next, message);
    }
    if (step instanceof UserStep) {
      String user = ((UserStep) step).name();
      ImageUser.resolve(user, new LayerStack(image.lowersTopFirst()));
      return EmbeddedBuild.configEntry(ImageConfigs.withUser(c, user), message);
    }
    StepRunner.Layer layer;
    if (step instanceof CopyStep copy && copy.from() != null) {
      FromSources.Source source = from.at(i);
      layer = runner.copyFrom(i, message, copy, source.files(), source.shown(), image);
    } else if (step instanceof DownloadStep download) {
      layer = DownloadRunner.run(runner, i, message, download, image);
    } else if (step instanceof CopyStep) {
      layer = runner.copy(i, message, (CopyStep) step, plan.copySources(i), image);
    } else {
      String userSpec = step instanceof RunStep && ((RunStep) step).user() != null
          ? ((RunStep) step).user() : c.user();
      ImageUser user = ImageUser.resolve(userSpec, new LayerStack(image.lowersTopFirst()));
      layer = runner.run(i, message, StepCommands.of(step), image, buildEnv(i, user), user,
          step instanceof RunStep run ? mounts.forStep(i, message, run) : RunMounts.NONE,
          (stream, line) -> log.append(BuildEvent.of(BuildEvent.LOG).step(i).stream(stream)
              .level("info").message(line).build()));
    }
    return new CacheIndex.Entry(layer.descriptor().digest(), layer.descriptor().size(), c, message);
  }

  /** True when {@code absoluteDir}, its links followed inside the image, is a folder there. */
  private static boolean isFolder(LayerStack image, String absoluteDir) throws IOException {
    try {
      return image.lookup(image.resolve(absoluteDir)).kind() == LayerStack.Kind.DIRECTORY;
    } catch (StepFailure e) {
      return false;
    }
  }

  /** The environment of command step {@code i}: the variables in its scope, then secrets (never stored). */
  private Map<String, String> buildEnv(int i, ImageUser user) {
    Map<String, String> env = new LinkedHashMap<>(scope.at(i));
    for (String secret : request.template().secrets()) {
      String value = request.secretValues().get(secret);
      if (value != null) {
        env.put(secret, value);
      }
    }
    env.putIfAbsent("HOME", user.home());
    return env;
  }

  private Path unpack(String diffId, String blobDigest) throws IOException {
    return store.layers().ensure(diffId, dir -> {
      try (InputStream in = store.blobs().open(blobDigest)) {
        for (String warning : LayerExtractor.extract(in, dir, runner.budget())) {
          log.append(BuildEvent.of(BuildEvent.LOG).step(0).level("warn").message(warning).build());
        }
      }
    }, runner.budget());
  }

  private void announce(int i, CacheLookup.Outcome lookup) {
    if (lookup.hit()) {
      hits++;
      log.append(BuildEvent.of(BuildEvent.CACHE_HIT).step(i).cacheKey(lookup.key()).build());
    } else {
      log.append(BuildEvent.of(BuildEvent.CACHE_MISS).step(i).cacheKey(lookup.key()).reason(lookup.reason()).build());
    }
  }

  /** The cache event of a step whose lookup is its own (a base that is a build stage). */
  private void announce(int i, String key, boolean hit) {
    if (hit) {
      hits++;
      log.append(BuildEvent.of(BuildEvent.CACHE_HIT).step(i).cacheKey(key).build());
    } else {
      log.append(BuildEvent.of(BuildEvent.CACHE_MISS).step(i).cacheKey(key)
          .reason(plan.missReason(i, previous, request)).build());
    }
  }

  private void end(int i, long t0) {
    log.append(BuildEvent.of(BuildEvent.STEP_END).step(i).status(BuildEvent.STATUS_DONE)
        .durationMs((System.nanoTime() - t0) / 1_000_000).build());
  }
}
