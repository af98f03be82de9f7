package dev.templatestudio.bridge.embedded;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.HashReuse;
import dev.templatestudio.bridge.build.BuildThreads;
import dev.templatestudio.bridge.build.EventLog;
import dev.templatestudio.bridge.embedded.sandbox.ResourceLimits;
import dev.templatestudio.bridge.embedded.sandbox.Sandbox;
import dev.templatestudio.bridge.embedded.store.DiskBudget;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.plan.BuildHistory;
import dev.templatestudio.bridge.plan.BuildPlan;
import dev.templatestudio.bridge.plan.StagePlanner;
import dev.templatestudio.bridge.plan.StepDescriber;
import dev.templatestudio.bridge.plan.StepFailure;
import dev.templatestudio.bridge.template.Template;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Builds the build stages the final stage needs (StagePlanner), before the final stage's first
 * step: each on a thread of its own as soon as the stages it names are built, so stages that
 * do not need each other run at the same time, each with its own scratch dir, sandbox runner and
 * shell. A stage's events carry its name; a stage that fails closes its own open step, the
 * others are cancelled, and the build fails with the first failure, naming its stage. Every
 * stage thread has ended (and with it every sandbox it started) when {@link #buildAll} returns.
 * Finished stages are in {@link #results}. {@link #cancel} may be called from any thread.
 */
final class StageSet {
  private final Store store;
  private final Sandbox sandbox;
  private final BuildRequest request;
  private final EventLog log;
  private final Scratch scratch;
  private final ResourceLimits limits;
  private final LimitWarning warning;
  private final DiskBudget budget;
  private final HashReuse hashes;
  private final Map<String, List<BuildHistory.StepRecord>> previous;
  private final StageResults results = new StageResults();
  private final Map<String, StageBuild> builds = new ConcurrentHashMap<>();
  private final List<StepRunner> runners = new CopyOnWriteArrayList<>();
  private volatile boolean cancelled;

  /** @param previous each stage's steps in the last build of the name */
  StageSet(Store store, Sandbox sandbox, BuildRequest request, EventLog log, Scratch scratch, ResourceLimits limits,
      LimitWarning warning, DiskBudget budget, HashReuse hashes, Map<String, List<BuildHistory.StepRecord>> previous) {
    this.hashes = hashes;
    this.store = store;
    this.sandbox = sandbox;
    this.request = request;
    this.log = log;
    this.scratch = scratch;
    this.limits = limits;
    this.warning = warning;
    this.budget = budget;
    this.previous = previous;
  }

  StageResults results() {
    return results;
  }

  /** The steps each stage planned so far, for the build's history. */
  Map<String, List<BuildHistory.StepRecord>> records() {
    Map<String, List<BuildHistory.StepRecord>> out = new HashMap<>();
    builds.forEach((name, b) -> {
      BuildPlan plan = b.plan();
      if (plan != null) {
        out.put(name, plan.steps());
      }
    });
    return out;
  }

  /** Kills what the stages run; a stage not yet started does not start. */
  void cancel() throws InterruptedException {
    cancelled = true;
    for (StepRunner r : runners) {
      r.cancel();
    }
  }

  /** Builds every stage the final stage needs; returns when all have ended. */
  void buildAll() throws StepFailure, IOException, InterruptedException {
    List<StagePlanner.Planned> needed = StagePlanner.needed(request.template());
    if (needed.isEmpty()) {
      return;
    }
    ExecutorService pool = BuildThreads.pool("embedded-stage-");
    AtomicReference<Throwable> first = new AtomicReference<>();
    Map<String, CompletableFuture<Void>> done = new HashMap<>();
    List<CompletableFuture<Void>> noted = new java.util.ArrayList<>();
    try {
      for (StagePlanner.Planned p : needed) {
        CompletableFuture<?>[] needs = p.needs().stream().map(done::get).toArray(CompletableFuture[]::new);
        CompletableFuture<Void> f = CompletableFuture.allOf(needs).thenRunAsync(() -> buildOne(p), pool);
        done.put(p.name(), f);
        // Waited for below, not f: so the first failure is noted before the wait ends.
        noted.add(f.whenComplete((ok, fault) -> {
          if (fault != null && first.compareAndSet(null, unwrap(fault))) {
            cancelQuietly();
          }
        }));
      }
      CompletableFuture.allOf(noted.toArray(CompletableFuture[]::new)).handle((ok, fault) -> null).join();
    } finally {
      pool.shutdown();
    }
    Throwable fault = first.get();
    if (fault instanceof StepFailure e) {
      throw e;
    } else if (fault instanceof IOException e) {
      throw e;
    } else if (fault instanceof InterruptedException e) {
      throw e;
    } else if (fault instanceof RuntimeException e) {
      throw e;
    } else if (fault instanceof Error e) {
      throw e;
    }
  }

  private void buildOne(StagePlanner.Planned p) {
    StageLog stageLog = new StageLog(log, p.name());
    try {
      if (cancelled) {
        throw new InterruptedException("cancelled");
      }
      Template template = request.template();
      Template own = StagePlanner.asTemplate(template, p.stage());
      StepRunner runner = new StepRunner(store, sandbox, scratch.child("stage-" + p.index()),
          limits, warning, budget, own.shell());
      runners.add(runner);
      if (cancelled) {
        runner.cancel();
      }
      BuildRequest stageRequest = new BuildRequest(own, request.context(), request.name(), request.tags(),
          request.noCache(), request.secretValues());
      // Described with the stages above it, so that a FROM naming one of them reads as it does in the Dockerfile.
      List<String> messages = StepDescriber.describe(own.withStages(template.stages().subList(0, p.index())));
      StageBuild build = new StageBuild(store, runner, stageRequest, hashes, stageLog, results, previous.get(p.name()),
          messages);
      builds.put(p.name(), build);
      ImageState image = build.run();
      results.put(p.name(), build.plan().key(own.steps().size()), image);
    } catch (InterruptedException e) {
      closeOpenStep(stageLog, BuildEvent.STATUS_CANCELLED, "cancelled before the cache was checked");
      throw new CompletionException(e);
    } catch (StepFailure e) {
      closeOpenStep(stageLog, BuildEvent.STATUS_ERROR, "the cache was not checked: " + FaultSentence.of(e));
      throw new CompletionException(new StepFailure("stage " + p.name() + ": " + e.getMessage()));
    } catch (IOException | RuntimeException | Error e) {
      closeOpenStep(stageLog, BuildEvent.STATUS_ERROR, "the cache was not checked: " + FaultSentence.of(e));
      if (budget.exceeded()) {
        throw new CompletionException(e);
      }
      BuildEvent start = stageLog.open().start();
      String where = start == null ? "" : "step " + start.step() + " (" + start.message() + ") failed: ";
      throw new CompletionException(new StepFailure("stage " + p.name() + ": " + where + FaultSentence.of(e)));
    }
  }

  /** The stage's step that started and did not end gets its cache event (if it had none) and its end. */
  private void closeOpenStep(StageLog stageLog, String status, String missReason) {
    BuildEvent start = stageLog.open().start();
    if (start == null) {
      return;
    }
    if (!stageLog.open().announced()) {
      StageBuild b = builds.get(stageLog.stage());
      BuildPlan plan = b == null ? null : b.plan();
      stageLog.append(BuildEvent.of(BuildEvent.CACHE_MISS).step(start.step())
          .cacheKey(plan == null ? null : plan.key(start.step())).reason(missReason).build());
    }
    long millis = Duration.between(Instant.parse(start.time()), Instant.now()).toMillis();
    stageLog.append(BuildEvent.of(BuildEvent.STEP_END).step(start.step()).status(status)
        .durationMs(Math.max(0, millis)).build());
  }

  private void cancelQuietly() {
    try {
      cancel();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Throwable unwrap(Throwable t) {
    Throwable e = t;
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
