package dev.templatestudio.bridge.docker;

import static dev.templatestudio.bridge.embedded.EngineFixture.cacheOutcomes;
import static dev.templatestudio.bridge.embedded.EngineFixture.events;
import static dev.templatestudio.bridge.embedded.EngineFixture.logText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.RuntimeUnavailableException;
import dev.templatestudio.bridge.runtimes.Runtimes;
import dev.templatestudio.bridge.build.TemplateInfo;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.Ready;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Start;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.WorkdirStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The docker runtime against a real dockerd: events per CONTRACT.md §5, cache, errors, cancel, ready. */
class DockerRuntimeTest {
  @TempDir Path tmp;
  Path ctx;
  DockerRuntime rt;
  /** Makes the first step new to Docker's cache, which outlives test runs. */
  String unique;

  @BeforeEach
  void setUp() throws Exception {
    rt = DockerRuntime.open(DockerEngineFixture.engine(), tmp.resolve("store"));
    ctx = Files.createDirectories(tmp.resolve("ctx"));
    Files.createDirectories(ctx.resolve("app"));
    Files.writeString(ctx.resolve("app/main.py"), "print('v1')\n");
    Files.writeString(ctx.resolve("app/secret.key"), "never copied\n");
    Files.writeString(ctx.resolve(".dockerignore"), "app/*.key\n");
    unique = UUID.randomUUID().toString();
  }

  @AfterEach
  void tearDown() {
    rt.close();
  }

  private Template template(String name, Step... steps) {
    List<Step> all = new ArrayList<>();
    all.add(new RunStep("echo " + unique));
    all.addAll(List.of(steps));
    return Template.of(Base.image(DockerEngineFixture.BASE), all).withName(name);
  }

  private Template app() {
    return template("docker-app",
        new CopyStep(List.of("app"), "/app"),
        new EnvStep(Map.of("GREETING", "hi")),
        new WorkdirStep("/app"),
        new RunStep("echo \"$GREETING from $(pwd)\"\nls /app", "app", false));
  }

  private BuildHandle build(Template t) throws Exception {
    BuildHandle h = rt.build(BuildRequest.of(t, ctx));
    h.result().get(120, TimeUnit.SECONDS);
    return h;
  }

  private static BuildEvent end(BuildHandle h) throws Exception {
    return h.result().get(120, TimeUnit.SECONDS);
  }

  @Test
  void buildsWithContractEventsThenRebuildsFromCacheAndNamesTheChangedFile() throws Exception {
    BuildHandle first = build(app());
    BuildEvent end = end(first);
    assertThat(end.status()).as(end.message()).isEqualTo(BuildEvent.STATUS_READY);
    assertThat(end.ref()).matches("docker-app@sha256:[0-9a-f]{64}");
    List<BuildEvent> all = first.events().after(0);
    for (int i = 0; i < all.size(); i++) {
      assertThat(all.get(i).seq()).isEqualTo(i + 1L);
    }
    assertThat(all.get(0).kind()).isEqualTo(BuildEvent.BUILD_START);
    assertThat(all.get(0).steps()).isEqualTo(5);
    assertThat(events(first, BuildEvent.STEP_START)).extracting(BuildEvent::step).containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(events(first, BuildEvent.STEP_START).get(0).message()).isEqualTo("FROM " + DockerEngineFixture.BASE);
    assertThat(events(first, BuildEvent.STEP_END)).extracting(BuildEvent::status).containsOnly(BuildEvent.STATUS_DONE);
    assertThat(events(first, BuildEvent.STEP_END)).allMatch(e -> e.durationMs() >= 0);
    assertThat(cacheOutcomes(first)).containsExactly("hit", "first build", "first build", "first build",
        "first build", "first build");
    assertThat(logText(first)).contains("hi from /app", "main.py").doesNotContain("secret.key");
    assertThat(events(first, BuildEvent.LOG)).filteredOn(e -> "hi from /app".equals(e.message()))
        .extracting(BuildEvent::step).containsExactly(5);
    assertThat(end.cacheHits()).isEqualTo(1);

    long t0 = System.nanoTime();
    BuildHandle second = build(app());
    long cachedMillis = (System.nanoTime() - t0) / 1_000_000;
    assertThat(end(second).ref()).isEqualTo(end.ref());
    assertThat(cacheOutcomes(second)).containsOnly("hit").hasSize(6);
    assertThat(end(second).cacheHits()).isEqualTo(6);
    System.out.println("docker runtime: cached rebuild of 5 steps took " + cachedMillis + " ms");

    Files.writeString(ctx.resolve("app/main.py"), "print('v2')\n");
    BuildHandle third = build(app());
    assertThat(end(third).status()).isEqualTo(BuildEvent.STATUS_READY);
    assertThat(cacheOutcomes(third)).containsExactly("hit", "hit", "input files changed: app/main.py",
        "parent step 2 changed", "parent step 2 changed", "parent step 2 changed");

    assertThat(rt.templates()).extracting(TemplateInfo::name, TemplateInfo::ref)
        .contains(org.assertj.core.groups.Tuple.tuple("docker-app", end(third).ref()));
    assertThat(rt.templates()).filteredOn(t -> t.name().equals("docker-app"))
        .allMatch(t -> t.tags().contains("latest") && t.sizeBytes() > 0);

    List<String> out = new java.util.concurrent.CopyOnWriteArrayList<>();
    assertThat(rt.run("docker-app:latest", List.of("cat", "/app/main.py"), (stream, line) -> out.add(line))).isZero();
    assertThat(out).containsExactly("print('v2')");
  }

  @Test
  void anImageMadeFromTheTemplateDoesNotBecomeItsCacheEntry() throws Exception {
    BuildEvent first = end(build(template("docker-derived")));
    assertThat(first.status()).as(first.message()).isEqualTo(BuildEvent.STATUS_READY);
    // `docker commit` of a machine of the template: it inherits every label, the cache key too, and is newer.
    String image = first.ref().substring(first.ref().indexOf('@') + 1);
    String container = docker("create", image, "true").strip();
    try {
      docker("commit", container, "ts-derived:" + unique.substring(0, 8));
    } finally {
      docker("rm", "-f", container);
    }
    BuildEvent again = end(build(template("docker-derived")));
    assertThat(again.ref()).isEqualTo(first.ref());
  }

  private static String docker(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("docker", "-H", DockerEngineFixture.engine().url()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    Process p = pb.start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
      return out;
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void noCacheAndForceMissWithTheirReasons() throws Exception {
    Template t = template("docker-force", new RunStep("echo two"), new RunStep("echo three"));
    assertThat(end(build(t)).status()).isEqualTo(BuildEvent.STATUS_READY);
    BuildHandle noCache = rt.build(new BuildRequest(t, ctx, null, null, true, null));
    assertThat(end(noCache).status()).isEqualTo(BuildEvent.STATUS_READY);
    assertThat(cacheOutcomes(noCache)).containsExactly("hit", "--no-cache", "--no-cache", "--no-cache");

    Template forced = t.withStep(1, new RunStep("echo two", null, true));
    BuildHandle h = build(forced);
    assertThat(end(h).status()).isEqualTo(BuildEvent.STATUS_READY);
    assertThat(cacheOutcomes(h)).containsExactly("hit", "hit", "force: this step sets force", "force: step 2 sets force");
    assertThat(cacheOutcomes(build(forced))).containsExactly("hit", "hit", "force: this step sets force",
        "force: step 2 sets force");
  }

  @Test
  void aFailingRunEndsTheBuildWithItsExitCodeAndOutput() throws Exception {
    BuildHandle h = build(template("docker-fails", new RunStep("echo about to fail && exit 3")));
    BuildEvent end = end(h);
    assertThat(end.status()).isEqualTo(BuildEvent.STATUS_ERROR);
    assertThat(end.message()).startsWith("step 2 (RUN echo about to fail && exit 3) failed with exit code 3")
        .contains("about to fail");
    assertThat(events(h, BuildEvent.STEP_END)).extracting(BuildEvent::step, BuildEvent::status).containsExactly(
        org.assertj.core.groups.Tuple.tuple(0, "done"), org.assertj.core.groups.Tuple.tuple(1, "done"),
        org.assertj.core.groups.Tuple.tuple(2, "error"));
    assertThat(cacheOutcomes(h)).hasSize(3);
  }

  @Test
  void cancelStopsTheRunningStepAndLeavesNoContainer() throws Exception {
    BuildHandle h = rt.build(BuildRequest.of(template("docker-cancel",
        new RunStep("echo started-" + unique + " && sleep 60")), ctx));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!logText(h).contains("started-" + unique) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    long t0 = System.nanoTime();
    h.cancel();
    BuildEvent end = h.result().get(30, TimeUnit.SECONDS);
    assertThat(end.status()).isEqualTo(BuildEvent.STATUS_CANCELLED);
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(15_000);
    assertThat(events(h, BuildEvent.STEP_END)).last().extracting(BuildEvent::step, BuildEvent::status)
        .isEqualTo(List.of(2, BuildEvent.STATUS_CANCELLED));
    DockerApi api = DockerApi.connect(DockerEngineFixture.engine());
    assertThat(api.http().json("GET", "/containers/json?all=1", null).findValuesAsText("Command"))
        .noneMatch(c -> c.contains(unique));
  }

  @Test
  void waitsForTheStartCommandToBeReady() throws Exception {
    Template t = template("docker-ready").withStart(new Start(
        "sleep 0.5; touch /tmp/ready-$APP_ENV; exec sleep 300", new Ready.File("/tmp/ready-demo", 20)))
        .withRuntimeEnvs(Map.of("APP_ENV", "demo"));
    BuildHandle h = build(t);
    assertThat(end(h).status()).as(end(h).message()).isEqualTo(BuildEvent.STATUS_READY);
    assertThat(events(h, BuildEvent.READY)).singleElement().extracting(BuildEvent::message).asString()
        .startsWith("file /tmp/ready-demo exists after");

    List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    int code = rt.run("docker-ready", List.of("/bin/sh", "-c", "ls /tmp; echo $APP_ENV; echo oops >&2; exit 5"),
        (stream, line) -> lines.add(stream + ": " + line));
    assertThat(code).isEqualTo(5);
    assertThat(lines).containsExactlyInAnyOrder("stdout: ready-demo", "stdout: demo", "stderr: oops");
    assertThat(rt.run(end(h).ref(), List.of("true"), (s, l) -> { })).isZero();
    assertThatThrownBy(() -> rt.run("docker-nothing", List.of("true"), (s, l) -> { }))
        .hasMessageStartingWith("template \"docker-nothing\" is not on the Docker Engine at unix:///run/ts-docker.sock");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"port", "url", "process", "command"})
  void everyReadyCheckRunsInsideTheContainer(String kind) throws Exception {
    Ready ready = switch (kind) {
      case "port" -> new Ready.Port(8080, 20);
      case "url" -> new Ready.Url("http://127.0.0.1:8080/", 200, 20);
      case "process" -> new Ready.Process("httpd", 20);
      default -> new Ready.Command("test -s /www/index.html", 20);
    };
    Template t = Template.of(Base.image(DockerEngineFixture.BASE), List.of(
        new RunStep("mkdir -p /www && echo ok > /www/index.html"))).withName("docker-web")
        .withStart(new Start("httpd -f -p 8080 -h /www", ready));
    BuildHandle h = build(t);
    assertThat(end(h).status()).as(end(h).message()).isEqualTo(BuildEvent.STATUS_READY);
    assertThat(events(h, BuildEvent.READY)).singleElement().extracting(BuildEvent::message).asString()
        .matches("(port 8080 answered|http://127.0.0.1:8080/ answered|process httpd runs|ready command succeeded)"
            + " after \\d+\\.\\ds");
  }

  @Test
  void aReadyCheckThatNeverPassesFailsAfterItsTimeout() throws Exception {
    Template t = template("docker-never-ready").withStart(new Start("exec sleep 300", new Ready.Port(9999, 1)));
    BuildEvent end = end(build(t));
    assertThat(end.status()).isEqualTo(BuildEvent.STATUS_ERROR);
    assertThat(end.message()).isEqualTo("the machine was not ready after 1s: port 9999 did not answer");

    Template wrongStatus = template("docker-404").withStart(new Start("mkdir -p /www && exec httpd -f -p 8080 -h /www",
        new Ready.Url("http://127.0.0.1:8080/missing", 200, 2)));
    assertThat(end(build(wrongStatus)).message())
        .startsWith("the machine was not ready after 2s: http://127.0.0.1:8080/missing answered 404, not 200");
  }

  @Test
  void aStartCommandThatEndsFailsTheBuild() throws Exception {
    Template t = template("docker-not-ready").withStart(new Start("echo bye; exit 4", new Ready.Port(8000, 10)));
    BuildEvent end = end(build(t));
    assertThat(end.status()).isEqualTo(BuildEvent.STATUS_ERROR);
    assertThat(end.message()).startsWith("the start command exited with code 4 before it was ready").contains("bye");
  }

  @Test
  void refusesLocalBasesInOneSentence() throws Exception {
    Template local = Template.of(Base.image("rootfs:/tmp/x"), List.of()).withName("docker-local");
    assertThat(end(build(local)).message()).startsWith("the docker runtime takes its base from the Docker Engine");
  }

  @Test
  void anUnreachableEngineIsOneSentence() {
    assertThatThrownBy(() -> Runtimes.open("docker:unix:///run/no-such-docker.sock", tmp))
        .isInstanceOf(RuntimeUnavailableException.class)
        .hasMessageStartingWith("cannot reach the Docker Engine at unix:///run/no-such-docker.sock: ");
  }
}
