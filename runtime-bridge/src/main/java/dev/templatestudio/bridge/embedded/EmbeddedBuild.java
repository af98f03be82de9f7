package dev.templatestudio.bridge.embedded;

import dev.templatestudio.bridge.plan.UnbuiltParts;
import java.util.Optional;
import com.fasterxml.jackson.databind.JsonNode;
import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.EventLog;
import dev.templatestudio.bridge.build.LoggedBuild;
import dev.templatestudio.bridge.build.HashReuse;
import dev.templatestudio.bridge.plan.BuildPlan;
import dev.templatestudio.bridge.embedded.image.ImageSourceException;
import dev.templatestudio.bridge.embedded.layer.LayerRefusedException;
import dev.templatestudio.bridge.embedded.oci.ImageConfig;
import dev.templatestudio.bridge.embedded.prune.StorePruner;
import dev.templatestudio.bridge.embedded.sandbox.ResourceLimits;
import dev.templatestudio.bridge.embedded.sandbox.Sandbox;
import dev.templatestudio.bridge.plan.StepDescriber;
import dev.templatestudio.bridge.plan.StepFailure;
import dev.templatestudio.bridge.plan.BuildHistory;
import dev.templatestudio.bridge.embedded.store.CacheIndex;
import dev.templatestudio.bridge.embedded.store.CacheMounts;
import dev.templatestudio.bridge.embedded.store.DiskBudget;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.embedded.store.StoreGate;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One build of the embedded runtime, from {@code build-start} to {@code build-end}: resolves
 * the base, plans every cache key, then per step reports a cache hit or a miss with its reason
 * and makes what is missing, writes the image, checks that it starts and gets ready, and
 * publishes it. {@link #run} runs on one executor thread for the whole build (the sandboxes
 * it starts live no longer than that thread); the handle's methods are thread-safe.
 */
final class EmbeddedBuild extends LoggedBuild implements Runnable {
  private final Store store;
  private final Sandbox sandbox;
  private final BuildRequest request;
  private final int processLimit;
  private final DiskBudget budget;
  private final HashReuse hashes;
  private final OpenStep open = new OpenStep();
  private final long started = System.nanoTime();
  private volatile StepRunner runner;
  private volatile StageSet stages;
  private volatile boolean cancelRequested;

  /** @param hashes how the build hashes its context files: with the runtime's remembered hashes */
  EmbeddedBuild(Store store, Sandbox sandbox, BuildRequest request, EventLog log, int processLimit,
      DiskBudget budget, HashReuse hashes) {
    super(log);
    this.hashes = hashes;
    this.processLimit = processLimit;
    this.store = store;
    this.sandbox = sandbox;
    this.request = request;
    this.budget = budget;
  }

  @Override
  public void cancel() {
    cancelRequested = true;
    StepRunner r = runner;
    StageSet s = stages;
    if (r != null) {
      try {
        r.cancel();
        if (s != null) {
          s.cancel();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void run() {
    Template template = request.template();
    String name = request.nameOrUnnamed();
    int steps = template.steps().size();
    try (AutoCloseable tracking = log.subscribe(0, open)) {
      log.append(BuildEvent.of(BuildEvent.BUILD_START).steps(steps).build());
      BuildEvent.Builder end = build(template, name, steps);
      end(end.steps(steps));
    } catch (Exception e) {
      endAfter(e, steps, "the build failed on the store " + store.root() + ": " + e.getMessage());
    } catch (Throwable e) {
      // An Error too (out of memory, a stack overflow): a build that never ends stays "building" for good.
      endAfter(e, steps, "the build stopped: " + FaultSentence.of(e));
    }
  }

  /** Ends the build in error after {@code fault}, unless it has ended; completes the result whatever happens. */
  private void endAfter(Throwable fault, int steps, String message) {
    try {
      if (!log.isEnded()) {
        end(BuildEvent.of(BuildEvent.BUILD_END).status(BuildEvent.STATUS_ERROR).steps(steps).message(message));
      }
    } catch (Throwable again) {
      fault.addSuppressed(again);
    } finally {
      if (!result.isDone()) {
        result.completeExceptionally(fault);
      }
    }
  }

  /** Does the build; returns its {@code build-end} event, still to be appended. */
  private BuildEvent.Builder build(Template template, String name, int steps) throws IOException {
    StageBuild own = null;
    StageSet stageSet = null;
    Scratch scratch = null;
    StoreGate.Hold hold = null;
    try {
      // Held to the end: a prune never takes what this build stacks or makes meanwhile.
      hold = StoreGate.shared(store.root(), () -> log(0, "info", null, "waiting for a prune of the store to finish"));
      scratch = Scratch.of(store.work(), "build-" + id());
      store.work().deleteStale();
      BuildPlanning.checkUsable(request);
      warnAboutSecrets(template);
      ResourceLimits limits = ResourceLimits.of(template.resources(), processLimit);
      LimitWarning warning = new LimitWarning(log);
      StepRunner r = new StepRunner(store, sandbox, scratch, limits, warning, budget, template.shell());
      Optional<BuildHistory.Record> last = store.history().last(name);
      stageSet = new StageSet(store, sandbox, request, log, scratch, limits, warning, budget, hashes,
          last.map(BuildHistory.Record::stages).orElse(Map.of()));
      runner = r;
      stages = stageSet;
      if (cancelRequested) {
        r.cancel();
        stageSet.cancel();
      }
      List<String> messages = StepDescriber.describe(template);
      stageSet.buildAll();
      checkCancelled(r);
      own = new StageBuild(store, r, request, hashes, new StageLog(log, null), stageSet.results(),
          last.map(BuildHistory.Record::steps).orElse(null), messages);
      ImageState image = own.run();
      checkCancelled(r);
      // A build that takes nothing from the cache takes no ready check from it either.
      boolean recheck = request.recheckReady() || request.noCache() || template.force()
          || template.steps().stream().anyMatch(Step::force);
      ImageWriter.Written written = StartCheck.finish(store, sandbox, template, image, log, limits, warning,
          recheck, r::isCancelled);
      checkCancelled(r);
      store.templates().publish(name, request.effectiveTags(), written.manifestDigest(),
          written.sizeBytes(), Instant.now().toString());
      return BuildEvent.of(BuildEvent.BUILD_END).status(BuildEvent.STATUS_READY)
          .ref(name + "@" + written.manifestDigest()).cacheHits(own.cacheHits());
    } catch (InterruptedException e) {
      endOpenStep(BuildEvent.STATUS_CANCELLED, planOf(own), "cancelled before the cache was checked");
      return BuildEvent.of(BuildEvent.BUILD_END).status(BuildEvent.STATUS_CANCELLED)
          .message("the build was cancelled");
    } catch (StepFailure | ImageSourceException | LayerRefusedException e) {
      // Faults of the template, the image or the host that the user can act on: the sentence alone.
      if (budget.exceeded()) {
        return pastDiskBound(planOf(own));
      }
      endOpenStep(BuildEvent.STATUS_ERROR, planOf(own), "the cache was not checked: " + FaultSentence.of(e));
      return BuildEvent.of(BuildEvent.BUILD_END).status(BuildEvent.STATUS_ERROR).message(e.getMessage());
    } catch (IOException | RuntimeException | Error e) {
      if (budget.exceeded()) {
        return pastDiskBound(planOf(own));
      }
      String fault = FaultSentence.of(e);
      String where = failedPart();
      endOpenStep(BuildEvent.STATUS_ERROR, planOf(own), "the cache was not checked: " + fault);
      return BuildEvent.of(BuildEvent.BUILD_END).status(BuildEvent.STATUS_ERROR).message(where + fault);
    } finally {
      saveHistory(name, own, stageSet);
      closeScratch(scratch);
      if (hold != null) {
        hold.close();
      }
      if (budget.exceeded()) {
        removeAdded();
      }
    }
  }

  private static BuildPlan planOf(StageBuild stage) {
    return stage == null ? null : stage.plan();
  }

  /** The next build of this name explains its cache misses against this one, stages included. */
  private void saveHistory(String name, StageBuild own, StageSet stageSet) throws IOException {
    BuildPlan plan = planOf(own);
    Map<String, List<BuildHistory.StepRecord>> stageRecords = stageSet == null ? Map.of() : stageSet.records();
    if (plan != null || !stageRecords.isEmpty()) {
      List<BuildHistory.StepRecord> steps = plan != null ? plan.steps()
          : store.history().last(name).map(BuildHistory.Record::steps).orElse(null);
      store.history().save(name, new BuildHistory.Record(steps, stageRecords));
    }
  }

  /** The end of a build that wrote more than its disk budget: one sentence naming the step. */
  private BuildEvent.Builder pastDiskBound(BuildPlan plan) {
    BuildEvent start = open.start();
    String sentence = budget.sentence(start == null ? null : start.step());
    endOpenStep(BuildEvent.STATUS_ERROR, plan, "the cache was not checked: " + sentence);
    return BuildEvent.of(BuildEvent.BUILD_END).status(BuildEvent.STATUS_ERROR).message(sentence);
  }

  /**
   * A build past its disk bound leaves nothing behind: the blobs and layers it added that no
   * cache entry names go (its scratch dirs went with them). While other builds use the store
   * they stay for the next prune.
   */
  private void removeAdded() {
    try {
      if (!StorePruner.removeAdded(store, budget.addedBlobs(), budget.addedLayers())) {
        log(0, "info", null, "what this build added stays until the next prune: other builds use the store");
      }
    } catch (IOException e) {
      log(0, "warn", null, "could not remove what this build added: " + e.getMessage());
    }
  }

  /** Deletes the build's scratch dir; what cannot be deleted now the next build removes. */
  private void closeScratch(Scratch scratch) {
    if (scratch == null) {
      return;
    }
    try {
      scratch.close();
    } catch (IOException e) {
      log(0, "warn", null, "could not delete the scratch dir of this build: " + e.getMessage());
    }
  }

  /** The start of the sentence for a fault: the step it happened in, or when. */
  private String failedPart() {
    BuildEvent start = open.start();
    if (start != null) {
      return "step " + start.step() + " (" + start.message() + ") failed: ";
    }
    return open.anyStep() ? "after the last step, writing or starting the image failed: "
        : "before the first step, preparing the build failed: ";
  }

  /**
   * A step that started and did not end gets its {@code step-end} with {@code status}; when it
   * ended before its cache was looked up, first the one cache event every step has (a miss
   * with {@code missReason}).
   */
  private void endOpenStep(String status, BuildPlan plan, String missReason) {
    BuildEvent start = open.start();
    if (start == null) {
      return;
    }
    if (!open.announced()) {
      log.append(BuildEvent.of(BuildEvent.CACHE_MISS).step(start.step())
          .cacheKey(plan == null ? null : plan.key(start.step())).reason(missReason).build());
    }
    long millis = java.time.Duration.between(Instant.parse(start.time()), Instant.now()).toMillis();
    log.append(BuildEvent.of(BuildEvent.STEP_END).step(start.step()).status(status)
        .durationMs(Math.max(0, millis)).build());
  }

  private void warnAboutSecrets(Template template) {
    for (String secret : template.secrets()) {
      if (!request.secretValues().containsKey(secret)) {
        log(0, "warn", null, "secret " + secret + " has no value: steps see no " + secret
            + " variable (give it with --secret " + secret + ")");
      }
    }
  }

  private static void checkCancelled(StepRunner r) throws InterruptedException {
    if (r.isCancelled()) {
      throw new InterruptedException("cancelled");
    }
  }

  private void log(int step, String level, String stream, String line) {
    log.append(BuildEvent.of(BuildEvent.LOG).step(step).stream(stream).level(level).message(line).build());
  }

  private void end(BuildEvent.Builder end) {
    BuildEvent e = log.append(end.durationMs((System.nanoTime() - started) / 1_000_000).build());
    result.complete(e);
  }

  static CacheIndex.Entry configEntry(ImageConfig.Config config, String createdBy) {
    return new CacheIndex.Entry(null, 0, config, createdBy);
  }
}
