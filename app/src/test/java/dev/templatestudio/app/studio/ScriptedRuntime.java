package dev.templatestudio.app.studio;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.EventLog;
import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.build.SecretMasker;
import dev.templatestudio.bridge.build.TemplateInfo;
import dev.templatestudio.bridge.template.Stage;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A runtime for tests that plays a scripted build through a real {@link EventLog}, with the
 * event sequence of CONTRACT.md §5: build-start; per step step-start, cache-hit or cache-miss
 * (with a reason), log lines (one with ANSI colour), step-end; ready; build-end. It can fail a
 * step, and hold a step until cancelled. A template's build stages are played first, their
 * events carrying the stage's name and its own step numbers (SESSION-PLAN's stage convention):
 * each step a cache miss with one log line.
 */
public final class ScriptedRuntime implements Runtime {
  private final Set<Integer> cached;
  private final int failAt;
  private final int holdAt;
  private final AtomicInteger builds = new AtomicInteger();
  private final CountDownLatch holding = new CountDownLatch(1);
  private volatile BuildRequest lastRequest;

  /**
   * @param cached the steps (0 = base) that hit the cache
   * @param failAt the step that fails (steps + 1: the start and ready check), or -1
   * @param holdAt the step that runs until the build is cancelled, or -1
   */
  public ScriptedRuntime(Set<Integer> cached, int failAt, int holdAt) {
    this.cached = cached;
    this.failAt = failAt;
    this.holdAt = holdAt;
  }

  /** Waits until the build reached the held step. */
  public boolean awaitHolding(long seconds) throws InterruptedException {
    return holding.await(seconds, TimeUnit.SECONDS);
  }

  @Override
  public String describe() {
    return "scripted";
  }

  /** The request of the last build started; null before one. */
  public BuildRequest lastRequest() {
    return lastRequest;
  }

  @Override
  public BuildHandle build(BuildRequest request) {
    lastRequest = request;
    String id = "b" + builds.incrementAndGet();
    EventLog log = new EventLog(id, SecretMasker.none());
    CompletableFuture<BuildEvent> result = new CompletableFuture<>();
    CountDownLatch cancelled = new CountDownLatch(1);
    int steps = request.template().steps().size();
    Thread t = new Thread(() -> result.complete(play(log, steps, cancelled, request)), "scripted-build");
    t.setDaemon(true);
    t.start();
    return new BuildHandle() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public EventLog events() {
        return log;
      }

      @Override
      public CompletableFuture<BuildEvent> result() {
        return result;
      }

      @Override
      public void cancel() {
        cancelled.countDown();
      }
    };
  }

  private BuildEvent play(EventLog log, int steps, CountDownLatch cancelled, BuildRequest request) {
    long start = System.currentTimeMillis();
    log.append(BuildEvent.of(BuildEvent.BUILD_START).steps(steps).build());
    for (Stage stage : request.template().stages()) {
      playStage(log, stage);
    }
    int hits = 0;
    for (int i = 0; i <= steps; i++) {
      String what = i == 0 ? "FROM " + request.template().base().reference() : request.template().steps().get(i - 1).type();
      log.append(BuildEvent.of(BuildEvent.STEP_START).step(i).steps(steps).message(what).build());
      if (cached.contains(i)) {
        hits++;
        log.append(BuildEvent.of(BuildEvent.CACHE_HIT).step(i).cacheKey("sha256:" + i).build());
        log.append(BuildEvent.of(BuildEvent.STEP_END).step(i).status("done").durationMs(0).build());
        continue;
      }
      log.append(BuildEvent.of(BuildEvent.CACHE_MISS).step(i).cacheKey("sha256:" + i)
          .reason(i == 1 ? "packages changed: [flask] -> [fastapi]" : "parent changed").build());
      log.append(BuildEvent.of(BuildEvent.LOG).step(i).stream("stdout").level("info").message("working on step " + i).build());
      log.append(BuildEvent.of(BuildEvent.LOG).step(i).stream("stderr").level("info")
          .message("\u001b[32mok\u001b[0m step " + i).build());
      if (i == holdAt) {
        holding.countDown();
        try {
          cancelled.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        log.append(BuildEvent.of(BuildEvent.STEP_END).step(i).status("cancelled").durationMs(5).build());
        return log.append(BuildEvent.of(BuildEvent.BUILD_END).status("cancelled").steps(steps)
            .durationMs(System.currentTimeMillis() - start).build());
      }
      if (i == failAt) {
        log.append(BuildEvent.of(BuildEvent.STEP_END).step(i).status("error").durationMs(12).message("exit code 1").build());
        return log.append(BuildEvent.of(BuildEvent.BUILD_END).status("error").steps(steps)
            .message("step " + i + " failed: exit code 1").durationMs(System.currentTimeMillis() - start).build());
      }
      log.append(BuildEvent.of(BuildEvent.STEP_END).step(i).status("done").durationMs(1200L + i).build());
    }
    if (failAt == steps + 1) {
      return log.append(BuildEvent.of(BuildEvent.BUILD_END).status("error").steps(steps)
          .message("the machine did not become ready: nothing answered on port 8000 within 30s")
          .durationMs(System.currentTimeMillis() - start).build());
    }
    log.append(BuildEvent.of(BuildEvent.READY).message("port 8000 answered after 0.4s").build());
    return log.append(BuildEvent.of(BuildEvent.BUILD_END).status("ready").ref("fastapi-agent@sha256:feedbeef")
        .cacheHits(hits).steps(steps).durationMs(System.currentTimeMillis() - start).build());
  }

  private static void playStage(EventLog log, Stage stage) {
    int n = stage.steps().size();
    for (int i = 0; i <= n; i++) {
      String what = i == 0 ? "FROM " + stage.base().reference() : stage.steps().get(i - 1).type();
      log.append(staged(BuildEvent.of(BuildEvent.STEP_START).step(i).steps(n).message(what).build(), stage));
      log.append(staged(BuildEvent.of(BuildEvent.CACHE_MISS).step(i).reason("parent changed").build(), stage));
      log.append(staged(BuildEvent.of(BuildEvent.LOG).step(i).stream("stdout").level("info")
          .message("working on " + stage.name() + " step " + i).build(), stage));
      log.append(staged(BuildEvent.of(BuildEvent.STEP_END).step(i).status("done").durationMs(700L + i).build(),
          stage));
    }
  }

  /** {@code e} as an event of {@code stage} (BuildEvent's builder has no setter for it). */
  private static BuildEvent staged(BuildEvent e, Stage stage) {
    return new BuildEvent(e.seq(), e.time(), e.build(), e.kind(), e.step(), e.steps(), e.message(), e.cacheKey(),
        e.reason(), e.stream(), e.level(), e.status(), e.durationMs(), e.ref(), e.cacheHits(), stage.name());
  }

  @Override
  public List<TemplateInfo> templates() {
    return List.of();
  }
}
