package dev.templatestudio.bridge.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.Mount;
import dev.templatestudio.bridge.template.Ready;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Stage;
import dev.templatestudio.bridge.template.Start;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime contract (CONTRACT.md §5, the {@link Runtime} SPI): the same cases, through the
 * SPI only, against every runtime. A subclass per runtime opens it over real parts and says how
 * to find what a build or machine might leave behind. Where a runtime differs today, the
 * subclass states the difference ({@link #firstBuildBaseOutcome}, {@link #passesInput}) and
 * the case asserts that documented behaviour, so a change on either side fails here.
 */
abstract class RuntimeContract {
  /** How long any one build may take here: docker on the vfs driver is the slow one. */
  static final long BUILD_SECONDS = 180;
  /** How soon a cancelled build must end, from the cancel to its build-end. */
  static final long CANCEL_BOUND_MILLIS = 15_000;

  @TempDir Path tmp;
  Path ctx;
  Runtime rt;
  /**
   * In every template's first step, so that each test's first build is new to every cache
   * (Docker's outlives the test), and in every command, so that a leftover process or container
   * can be told apart from any other.
   */
  String unique;

  /** Opens the runtime under test, with what it needs under {@code dir}; the suite closes it. */
  abstract Runtime open(Path dir) throws Exception;

  /** Ends what {@link #open} started besides the runtime (a server); runs after the runtime closed. */
  void stopHost() throws Exception {}

  /** The busybox base, as this runtime takes it. */
  abstract Base base();

  /** The base step's cache event on a template's first build: "hit" or the miss reason. */
  abstract String firstBuildBaseOutcome();

  /**
   * Fails when a process, mount or container whose command holds {@code marker} is left (null:
   * only what any build leaves, such as mounts); waits a bounded while for one that is ending.
   */
  abstract void assertNothingLeft(String marker) throws Exception;

  /** The folder this runtime keeps builds, layers and events in on this host; null: none here. */
  abstract Path keptFiles();

  /**
   * Whether {@link Runtime#run(String, List, java.io.InputStream, java.util.function.BiConsumer)}
   * passes its input on (the embedded and docker runtimes do); the SPI lets a runtime run the
   * command with none instead, as the remote one does.
   */
  boolean passesInput() {
    return true;
  }

  @BeforeEach
  void openRuntime() throws Exception {
    unique = UUID.randomUUID().toString().substring(0, 12);
    ctx = tmp.resolve("ctx");
    Path app = Files.createDirectories(ctx.resolve("app"));
    Files.writeString(app.resolve("main.txt"), "v1\n");
    Files.writeString(app.resolve("other.txt"), "same\n");
    rt = open(tmp);
  }

  @AfterEach
  void closeRuntime() throws Exception {
    try {
      if (rt != null) {
        rt.close();
      }
    } finally {
      stopHost();
    }
  }

  private Template template(String name, Step... steps) {
    List<Step> all = new ArrayList<>();
    all.add(new RunStep("echo fresh " + unique));
    all.addAll(List.of(steps));
    return Template.of(base(), all).withName(name);
  }

  /** Copy, env and a run reading both: the shape of most templates. */
  private Template app() {
    return template("contract-app", new CopyStep(List.of("app/"), "/app/"), new EnvStep(Map.of("GREETING", "hi")),
        new RunStep("echo \"$GREETING $(cat /app/main.txt)\""));
  }

  private BuildHandle build(Template t) throws Exception {
    return build(new BuildRequest(t, ctx, null, null, false, null));
  }

  private BuildHandle build(BuildRequest request) throws Exception {
    BuildHandle h = rt.build(request);
    h.result().get(BUILD_SECONDS, TimeUnit.SECONDS);
    return h;
  }

  private static BuildEvent end(BuildHandle h) throws Exception {
    return h.result().get(BUILD_SECONDS, TimeUnit.SECONDS);
  }

  private static String assertReady(BuildHandle h) throws Exception {
    BuildEvent end = end(h);
    assertThat(end.status()).as("build-end: %s", end.message()).isEqualTo(BuildEvent.STATUS_READY);
    return end.ref();
  }

  @Test
  void aBuildEmitsTheContractsEventsInOrderWithOneCacheEventPerStepAndTheRefLast() throws Exception {
    BuildHandle h = build(app());
    String ref = assertReady(h);
    List<BuildEvent> events = h.events().after(0);
    EventOrder.assertWellFormed(events, h.id(), 4);
    assertThat(ref).matches("contract-app@sha256:[0-9a-f]{64}");
    List<String> starts = EventOrder.stepStarts(events);
    assertThat(starts.get(0)).as("the base step names the base").startsWith("FROM ");
    assertThat(starts.subList(1, starts.size())).containsExactly("RUN echo fresh " + unique, "COPY app/ /app/",
        "ENV GREETING=hi", "RUN echo \"$GREETING $(cat /app/main.txt)\"");
    assertThat(EventOrder.cacheOutcomes(events)).containsExactly(firstBuildBaseOutcome(), "first build",
        "first build", "first build", "first build");
    assertThat(EventOrder.cacheKeys(events)).allMatch(k -> k.matches("sha256:[0-9a-f]{64}"));
    assertThat(EventOrder.logs(events, 4)).contains("hi v1");
    BuildEvent last = events.get(events.size() - 1);
    assertThat(last.steps()).isEqualTo(4);
    assertThat(last.cacheHits()).isEqualTo(firstBuildBaseOutcome().equals("hit") ? 1 : 0);
    assertThat(last.durationMs()).isNotNull().isNotNegative();
    assertThat(events).noneMatch(e -> BuildEvent.READY.equals(e.kind()));
  }

  @Test
  void aRebuildHitsTheCacheOnEveryStepAndGivesTheSameRef() throws Exception {
    String ref = assertReady(build(app()));
    BuildHandle again = build(app());
    assertThat(assertReady(again)).isEqualTo(ref);
    List<BuildEvent> events = again.events().after(0);
    EventOrder.assertWellFormed(events, again.id(), 4);
    assertThat(EventOrder.cacheOutcomes(events)).containsExactly("hit", "hit", "hit", "hit", "hit");
    assertThat(events.get(events.size() - 1).cacheHits()).isEqualTo(5);
    assertThat(EventOrder.logs(events, 4)).as("a cached step does not run").doesNotContain("hi v1");
  }

  @Test
  void aChangedCopiedFileIsTheMissReasonAndLaterStepsMissForTheirParent() throws Exception {
    assertReady(build(app()));
    Files.writeString(ctx.resolve("app/main.txt"), "v2\n");
    BuildHandle h = build(app());
    assertReady(h);
    assertThat(EventOrder.cacheOutcomes(h.events().after(0))).containsExactly("hit", "hit",
        "input files changed: app/main.txt", "parent step 2 changed", "parent step 2 changed");
    assertThat(EventOrder.logs(h.events().after(0), 4)).contains("hi v2");
  }

  @Test
  void aFailingRunStepEndsTheBuildNamingTheStepAndItsExitCode() throws Exception {
    BuildHandle h = build(template("contract-fails", new RunStep("echo about to fail; exit 3"),
        new RunStep("echo never")));
    BuildEvent end = end(h);
    assertThat(end.status()).isEqualTo(BuildEvent.STATUS_ERROR);
    assertThat(end.message()).startsWith("step 2 (RUN echo about to fail; exit 3) failed with exit code 3")
        .contains("about to fail");
    List<BuildEvent> events = h.events().after(0);
    EventOrder.assertWellFormed(events, h.id(), 3);
    assertThat(EventOrder.stepEnds(events)).containsExactly("done", "done", BuildEvent.STATUS_ERROR);
    assertThat(EventOrder.logs(events, 3)).isEmpty();
  }

  @Test
  void buildStagesAreBuilt() throws Exception {
    // Only a stage copies from the context: the final stage starts from it and copies nothing.
    Template staged = template("contract-staged").withBase(Base.stage("tools")).withStages(List.of(
        new Stage("files", base(), List.of(new RunStep("echo tooled " + unique + " > /tool.txt"))),
        new Stage("tools", base(), List.of(new CopyStep(List.of("app/main.txt"), "/from-context.txt"),
            new CopyStep(List.of("/tool.txt"), "/copied", null, null, Base.stage("files"), false)))));
    BuildHandle h = build(staged);
    BuildEvent end = end(h);
    assertThat(end.status()).as("%s", end.message()).isEqualTo(BuildEvent.STATUS_READY);
    List<BuildEvent> events = h.events().after(0);
    assertThat(events.stream().filter(e -> "tools".equals(e.stage()) && e.kind().equals(BuildEvent.STEP_END))
        .map(BuildEvent::status)).containsExactly("done", "done", "done");
    List<String> out = new CopyOnWriteArrayList<>();
    assertThat(rt.run(end.ref(), List.of("/bin/sh", "-c", "cat /copied /from-context.txt"), (s, l) -> out.add(l)))
        .isZero();
    assertThat(out).containsExactly("tooled " + unique, "v1");
  }

  @Test
  void runMountsAreBuilt() throws Exception {
    Template t = template("contract-mounts-" + unique, new RunStep("cat /src/main.txt > /cache/seen; cat /cache/seen",
        null, List.of(Mount.cache("/cache"), Mount.bind("/src", "app", null)), false));
    BuildHandle h = build(t);
    BuildEvent end = end(h);
    assertThat(end.status()).as(end.message()).isEqualTo(BuildEvent.STATUS_READY);
    assertThat(EventOrder.logs(h.events().after(0), 2)).contains("v1");
    assertThat(EventOrder.stepEnds(h.events().after(0))).containsExactly("done", "done", "done");
  }

  @Test
  void aCancelledBuildEndsWithinItsBoundAndLeavesNothingRunning() throws Exception {
    String marker = "contract-sleep-" + unique;
    BuildHandle h = rt.build(new BuildRequest(template("contract-cancel",
        new RunStep("echo started " + marker + "; sleep 300 # " + marker)), ctx, null, null, false, null));
    CountDownLatch started = new CountDownLatch(1);
    h.events().subscribe(0, e -> {
      if (("started " + marker).equals(e.message())) {
        started.countDown();
      }
    });
    assertThat(started.await(BUILD_SECONDS, TimeUnit.SECONDS)).as("the sleep step started").isTrue();
    long t0 = System.nanoTime();
    h.cancel();
    BuildEvent end = h.result().get(CANCEL_BOUND_MILLIS, TimeUnit.MILLISECONDS);
    long millis = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf("%s: cancel took %d ms%n", rt.describe(), millis);
    assertThat(end.status()).isEqualTo(BuildEvent.STATUS_CANCELLED);
    List<BuildEvent> events = h.events().after(0);
    EventOrder.assertWellFormed(events, h.id(), 2);
    assertThat(EventOrder.stepEnds(events)).containsExactly("done", "done", BuildEvent.STATUS_CANCELLED);
    assertNothingLeft(marker);
  }

  @Test
  void aSecretReachesItsStepButNoEventNorTheBuiltTemplate() throws Exception {
    String secret = "s3cr3t-" + UUID.randomUUID();
    String reversed = new StringBuilder(secret).reverse().toString();
    // The step keeps the reversed value: proof that it read the secret, without holding the secret.
    Template t = template("contract-secret", new RunStep("echo token is $TOKEN; echo $TOKEN | rev > /rev.txt"))
        .withSecrets(List.of("TOKEN"));
    BuildHandle h = build(new BuildRequest(t, ctx, null, null, false, Map.of("TOKEN", secret)));
    BuildEvent end = end(h);
    List<BuildEvent> events = h.events().after(0);
    assertThat(events.toString()).as("every field of every event").doesNotContain(secret);
    assertThat(end.status()).as(end.message()).isEqualTo(BuildEvent.STATUS_READY);
    assertThat(EventOrder.logs(events, 2)).contains("token is ***");
    List<String> out = new CopyOnWriteArrayList<>();
    // Every file of the machine but the kernel's own, and its environment, searched for the value.
    int code = rt.run(end.ref(), List.of("/bin/sh", "-c", "s=$(rev </rev.txt); echo read $(cat /rev.txt); "
        + "for d in /*; do case $d in /proc|/sys|/dev) ;; *) grep -rlF \"$s\" \"$d\" | sed 's/^/found /';; esac; "
        + "done; env | grep -cF \"$s\"; echo searched"), (stream, line) -> out.add(line));
    assertThat(out).containsExactly("read " + reversed, "0", "searched");
    assertThat(code).isZero();
    if (keptFiles() != null) {
      KeptFiles.assertNoneHolds(keptFiles(), secret);
    }
  }

  @Test
  void aPortReadyCheckGivesAReadyEventBeforeTheBuildEnd() throws Exception {
    int port = freePort();
    String marker = "www-" + unique;
    Template t = template("contract-ready").withStart(new Start("mkdir -p /" + marker + " && echo ok > /" + marker
        + "/index.html && exec httpd -f -p " + port + " -h /" + marker, new Ready.Port(port, 30)));
    BuildHandle h = build(t);
    assertReady(h);
    List<BuildEvent> events = h.events().after(0);
    EventOrder.assertWellFormed(events, h.id(), 1);
    BuildEvent ready = events.get(events.size() - 2);
    assertThat(ready.kind()).isEqualTo(BuildEvent.READY);
    assertThat(ready.message()).matches("port " + port + " answered after \\d+\\.\\ds");
    assertThat(events).filteredOn(e -> BuildEvent.READY.equals(e.kind())).hasSize(1);
    assertNothingLeft(marker);
  }

  @Test
  void aCommandRunsInTheBuiltTemplateWithItsOutputAndExitCode() throws Exception {
    String marker = "contract-run-" + unique;
    Template t = template("contract-run", new RunStep("echo made > /made")).withRuntimeEnvs(Map.of("APP_ENV", "demo"));
    String ref = assertReady(build(t));
    List<String> lines = new CopyOnWriteArrayList<>();
    int code = rt.run(ref, List.of("/bin/sh", "-c", "cat /made; echo $APP_ENV; echo oops >&2; exit 3 # " + marker),
        (stream, line) -> lines.add(stream + ": " + line));
    assertThat(code).isEqualTo(3);
    assertThat(lines).containsExactlyInAnyOrder("stdout: made", "stdout: demo", "stderr: oops");
    assertThat(rt.run("contract-run", List.of("true"), (stream, line) -> { })).as("by name").isZero();
    assertNothingLeft(marker);
  }

  @Test
  void aCommandsInputReachesItWhereTheRuntimePassesInputOn() throws Exception {
    String ref = assertReady(build(template("contract-input")));
    List<String> lines = new CopyOnWriteArrayList<>();
    int code = rt.run(ref, List.of("/bin/sh", "-c", "cat; echo end"),
        new ByteArrayInputStream("hi\nthere\n".getBytes(StandardCharsets.UTF_8)), (stream, line) -> lines.add(line));
    assertThat(code).isZero();
    if (passesInput()) {
      assertThat(lines).containsExactly("hi", "there", "end");
    } else {
      assertThat(lines).as("run with no input: cat reads an empty one").containsExactly("end");
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
