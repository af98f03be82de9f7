package dev.templatestudio.bridge.remote;

import static dev.templatestudio.bridge.embedded.EngineFixture.assertNothingLeft;
import static dev.templatestudio.bridge.embedded.EngineFixture.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.build.RuntimeUnavailableException;
import dev.templatestudio.bridge.runtimes.Runtimes;
import dev.templatestudio.bridge.embedded.BusyboxFixture;
import dev.templatestudio.bridge.embedded.EmbeddedRuntime;
import dev.templatestudio.bridge.embedded.EngineFixture;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Template;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link HttpRuntime} against a real {@code serve} on loopback, building for real. */
class HttpRuntimeTest {
  @TempDir Path tmp;
  Store store;
  ServeFixture serve;
  Runtime remote;
  Path ctx;

  @BeforeEach
  void startServer() throws Exception {
    BusyboxFixture.require();
    store = EngineFixture.storeWithBusybox(tmp);
    serve = ServeFixture.start(store);
    remote = Runtimes.open(serve.url(), null, ServeFixture.TOKEN);
    ctx = Files.createDirectories(tmp.resolve("ctx"));
  }

  @AfterEach
  void stopServer() throws Exception {
    if (remote != null) {
      remote.close();
    }
    if (serve != null) {
      serve.close();
      assertNothingLeft(store.root(), null);
    }
  }

  @Test
  void aRemoteBuildGivesTheRefAnEmbeddedBuildGivesAndRebuildsFromCache() throws Exception {
    Files.writeString(ctx.resolve("hello.txt"), "hello\n");
    Path app = Files.createDirectories(ctx.resolve("app/lib"));
    Files.writeString(app.resolve("run.sh"), "#!/bin/sh\necho run\n");
    Files.setPosixFilePermissions(app.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-x---"));
    Files.createSymbolicLink(ctx.resolve("app/link"), Path.of("lib/run.sh"));
    Files.writeString(ctx.resolve("app/notes.tmp"), "left out\n");
    Files.writeString(ctx.resolve(".dockerignore"), "**/*.tmp\n");
    Template t = template("same", new CopyStep(List.of("hello.txt"), "/srv/"),
        new CopyStep(List.of("app/"), "/srv/app/"), new RunStep("cat /srv/hello.txt; ls /srv/app"));

    long t0 = System.nanoTime();
    BuildHandle viaServe = remote.build(BuildRequest.of(t, ctx));
    String remoteRef = EngineFixture.assertReady(viaServe);
    long remoteMillis = (System.nanoTime() - t0) / 1_000_000;
    assertThat(EngineFixture.logText(viaServe)).contains("hello").doesNotContain("notes.tmp");

    Store other = EngineFixture.storeWithBusybox(Files.createDirectories(tmp.resolve("other")));
    try (EmbeddedRuntime embedded = new EmbeddedRuntime(other)) {
      long t1 = System.nanoTime();
      String embeddedRef = EngineFixture.assertReady(EngineFixture.build(embedded, t, ctx));
      long embeddedMillis = (System.nanoTime() - t1) / 1_000_000;
      assertThat(remoteRef).isEqualTo(embeddedRef);
      System.out.printf("first build: remote %d ms, embedded %d ms%n", remoteMillis, embeddedMillis);
    }

    long t2 = System.nanoTime();
    BuildHandle again = remote.build(BuildRequest.of(t, ctx));
    assertThat(EngineFixture.assertReady(again)).isEqualTo(remoteRef);
    System.out.printf("cached rebuild: remote %d ms%n", (System.nanoTime() - t2) / 1_000_000);
    assertThat(EngineFixture.cacheOutcomes(again)).containsOnly("hit");
    try (Stream<Path> contexts = Files.list(store.root().resolve("serve/contexts"))) {
      assertThat(contexts.filter(p -> !p.getFileName().toString().startsWith("."))).hasSize(1);
    }
    assertThat(remote.templates()).anySatisfy(info -> {
      assertThat(info.name()).isEqualTo("same");
      assertThat(info.ref()).isEqualTo(remoteRef);
    });
  }

  @Test
  void aRootfsBaseFromTheContextGivesTheRefALocalBuildGives() throws Exception {
    BusyboxFixture.rootfs(ctx.resolve("rootfs"));
    Template t = Template.of(Base.image("rootfs:rootfs"), List.of(new RunStep("echo hi > /hi"))).withName("fromdir");
    BuildHandle build = remote.build(BuildRequest.of(t, ctx));
    String remoteRef = EngineFixture.assertReady(build);
    assertThat(build.events().after(0)).anySatisfy(e -> assertThat(e.message()).isEqualTo("archiving rootfs"));
    Store other = EngineFixture.storeWithBusybox(Files.createDirectories(tmp.resolve("other")));
    try (EmbeddedRuntime embedded = new EmbeddedRuntime(other)) {
      assertThat(EngineFixture.assertReady(EngineFixture.build(embedded, t, ctx))).isEqualTo(remoteRef);
    }
  }

  @Test
  void setuidAndSetgidBitsInTheContextSurviveTheUpload() throws Exception {
    BusyboxFixture.rootfs(ctx.resolve("rootfs"));
    Path suid = ctx.resolve("rootfs/bin/suid-tool");
    Files.writeString(suid, "#!/bin/sh\n");
    Files.setAttribute(suid, "unix:mode", 04755);
    Path sgidDir = Files.createDirectories(ctx.resolve("rootfs/shared"));
    Files.setAttribute(sgidDir, "unix:mode", 02775);
    Template t = Template.of(Base.image("rootfs:rootfs"), List.of(new RunStep("test -u /bin/suid-tool && test -g /shared")))
        .withName("suid");
    String remoteRef = EngineFixture.assertReady(remote.build(BuildRequest.of(t, ctx)));
    Store other = EngineFixture.storeWithBusybox(Files.createDirectories(tmp.resolve("other")));
    try (EmbeddedRuntime embedded = new EmbeddedRuntime(other)) {
      assertThat(EngineFixture.assertReady(EngineFixture.build(embedded, t, ctx))).isEqualTo(remoteRef);
    }
  }

  @Test
  void theServersPathsStayOnTheServer() throws Exception {
    Files.writeString(ctx.resolve("there.txt"), "x");
    Template t = Template.of(Base.template("busybox"), List.of(new CopyStep(List.of("missing.txt"), "/srv/")))
        .withName("paths");
    BuildHandle build = remote.build(BuildRequest.of(t, ctx));
    BuildEvent end = build.result().get(60, TimeUnit.SECONDS);
    assertThat(end.status()).isEqualTo("error");
    assertThat(end.message()).isEqualTo("step 1: copy source \"missing.txt\" does not exist in the build context .");
    String root = store.root().toString();
    assertThat(build.events().after(0)).allSatisfy(e -> assertThat(String.valueOf(e.message())).doesNotContain(root));
    JsonNode status = ApiClient.JSON.readTree(serve.get("/v1/builds/" + build.id()).body());
    assertThat(status.path("message").asText()).isEqualTo(end.message());

    Path state = store.root().resolve("serve");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rwx------");
    for (String file : List.of(build.id() + ".json", build.id() + ".jsonl")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("builds").resolve(file))))
          .as(file).isEqualTo("rw-------");
      assertThat(Files.readString(state.resolve("builds").resolve(file))).doesNotContain(root);
    }
  }

  @Test
  void aCommandRunsInAMachineOnTheServerWithItsOutputAndExitCode() throws Exception {
    Template t = Template.of(Base.template("busybox"), List.of(new RunStep("echo made > /made"))).withName("runme");
    EngineFixture.assertReady(remote.build(BuildRequest.of(t, ctx)));
    List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    int code = remote.run("runme", List.of("sh", "-c", "cat /made; echo oops >&2; exit 3"),
        (stream, line) -> lines.add(stream + ": " + line));
    assertThat(code).isEqualTo(3);
    assertThat(lines).containsExactlyInAnyOrder("stdout: made", "stderr: oops");
    assertThat(remote.run("runme", List.of("true"), (stream, line) -> { })).isZero();
    assertThatThrownBy(() -> remote.run("nope", List.of("true"), (stream, line) -> { }))
        .isInstanceOf(RemoteRefusalException.class)
        .hasMessage("the server " + serve.url() + " refused the run: no template \"nope\" on this server; "
            + "GET /v1/templates lists them");
  }

  @Test
  void aRunWhoseClientGoesAwayStopsItsMachine() throws Exception {
    Template t = Template.of(Base.template("busybox"), List.of()).withName("sleeper");
    EngineFixture.assertReady(remote.build(BuildRequest.of(t, ctx)));
    java.net.http.HttpResponse<java.io.InputStream> r = ServeFixture.PLAIN.send(serve.request("/v1/runs")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
            "{\"ref\":\"sleeper\",\"command\":[\"sh\",\"-c\",\"echo up; exec sleep 347\"]}")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    BufferedReader body = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
    String first = body.readLine();
    // A keep-alive comes first (with its blank line) when the machine takes over a second to start.
    while (": keep-alive".equals(first) || "".equals(first)) {
      first = body.readLine();
    }
    assertThat(first).isEqualTo("data: {\"stream\":\"stdout\",\"line\":\"up\"}");
    // "up" comes just before sh executes the sleep.
    for (long until = System.currentTimeMillis() + 10_000; sleepers() == 0 && System.currentTimeMillis() < until; ) {
      Thread.sleep(20);
    }
    assertThat(sleepers()).isOne();
    body.close();
    long deadline = System.currentTimeMillis() + 15_000;
    while (sleepers() > 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    assertThat(sleepers()).isZero();
  }

  /** The processes whose argv is "sleep 347" (the run's command, as the kernel has it). */
  private static long sleepers() {
    return ProcessHandle.allProcesses().filter(p -> {
      try {
        return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + p.pid() + "/cmdline"))
            .equals("sleep\u0000347\u0000");
      } catch (java.io.IOException gone) {
        return false;
      }
    }).count();
  }

  @Test
  void theEventsArriveWithTheServersSeqAndTime() throws Exception {
    BuildHandle h = remote.build(BuildRequest.of(template("seqs", new RunStep("echo one; echo two")), null));
    EngineFixture.assertReady(h);
    List<BuildEvent> here = h.events().after(0);
    List<JsonNode> there = RemoteApiTest.frames(serve.get("/v1/builds/" + h.id() + "/events").body());
    assertThat(here).hasSize(there.size());
    for (int i = 0; i < here.size(); i++) {
      assertThat(here.get(i).seq()).isEqualTo(there.get(i).path("seq").asLong()).isEqualTo(i + 1L);
      assertThat(here.get(i).time()).isEqualTo(there.get(i).path("time").asText());
      assertThat(here.get(i).kind()).isEqualTo(there.get(i).path("kind").asText());
    }
  }

  @Test
  void secretValuesReachTheBuildButNoEventAndNothingOnDisk() throws Exception {
    String secret = "s3cr3t-" + UUID.randomUUID();
    // The reversed value proves the build saw it, without the command holding the secret itself.
    Template t = template("secretive", new RunStep("echo token is $TOKEN; echo $TOKEN | rev"))
        .withSecrets(List.of("TOKEN"));
    BuildHandle h = remote.build(new BuildRequest(t, ctx, null, null, false, Map.of("TOKEN", secret)));
    EngineFixture.assertReady(h);
    assertThat(EngineFixture.logText(h)).contains("token is ***", new StringBuilder(secret).reverse())
        .doesNotContain(secret);
    assertThat(serve.get("/v1/builds/" + h.id() + "/events").body()).contains("token is ***").doesNotContain(secret);
    try (Stream<Path> files = Files.walk(store.root())) {
      for (Path f : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
        assertThat(Files.readString(f, StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(secret);
      }
    }
  }

  @Test
  void aDroppedConnectionIsResumedWithoutLosingOrRepeatingAnEvent() throws Exception {
    try (DroppingProxy proxy = new DroppingProxy(serve.server.port());
         Runtime viaProxy = Runtimes.open(proxy.url(), null, ServeFixture.TOKEN)) {
      BuildHandle h = viaProxy.build(BuildRequest.of(template("flaky",
          new RunStep("for i in $(seq 1 30); do echo line $i; sleep 0.05; done")), null));
      CountDownLatch halfway = new CountDownLatch(1);
      h.events().subscribe(0, e -> {
        if ("line 10".equals(e.message())) {
          halfway.countDown();
        }
      });
      assertThat(halfway.await(30, TimeUnit.SECONDS)).isTrue();
      proxy.dropAll();
      EngineFixture.assertReady(h);
      List<BuildEvent> events = h.events().after(0);
      assertThat(events).extracting(BuildEvent::seq)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, events.size()).boxed().toList());
      assertThat(events.stream().map(BuildEvent::message).filter(m -> m != null && m.startsWith("line ")))
          .containsExactlyElementsOf(LongStream.rangeClosed(1, 30).mapToObj(i -> "line " + i).toList());
      // OkHttp sends every call before the drop over one pooled connection: a second one is the reconnect.
      assertThat(proxy.connections.get()).as("reconnected after the drop").isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void aBuildFollowedAcrossAServerThatDiedEndsAsServerRestarted() throws Exception {
    String marker = "marker-" + UUID.randomUUID();
    int port = serve.server.port();
    serve.close();
    serve = null;
    awaitPortFree(port);
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), ServeMain.class.getName(), store.root().toString(),
        Integer.toString(port)).redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).startsWith("serving http://127.0.0.1:" + port);
      BuildHandle h = remote.build(BuildRequest.of(template("doomed",
          new RunStep("echo started; sleep 300 # " + marker)), null));
      CountDownLatch started = new CountDownLatch(1);
      h.events().subscribe(0, e -> {
        if ("started".equals(e.message())) {
          started.countDown();
        }
      });
      assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
      long seenBeforeKill = h.events().lastSeq();
      child.destroyForcibly();
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(500);
      assertThat(h.result()).isNotDone();

      awaitPortFree(port);
      serve = ServeFixture.start(store, port, 64L << 20);
      BuildEvent end = h.result().get(30, TimeUnit.SECONDS);
      assertThat(end.status()).isEqualTo(BuildEvent.STATUS_ERROR);
      assertThat(end.message()).startsWith("server restarted");
      assertThat(end.steps()).as("steps, from the build-start").isEqualTo(1);
      assertThat(end.durationMs()).as("from the build-start to the restart").isGreaterThanOrEqualTo(500L);
      assertThat(end.seq()).isGreaterThan(seenBeforeKill);
      List<BuildEvent> events = h.events().after(0);
      assertThat(events).extracting(BuildEvent::seq)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, events.size()).boxed().toList());
      BuildEvent closedStep = events.get(events.size() - 2);
      assertThat(closedStep.kind()).isEqualTo(BuildEvent.STEP_END);
      assertThat(closedStep.step()).isEqualTo(1);
      assertThat(closedStep.status()).isEqualTo(BuildEvent.STATUS_ERROR);
      JsonNode status = RemoteApiTest.JSON.readTree(serve.get("/v1/builds/" + h.id()).body());
      assertThat(status.path("status").asText()).isEqualTo("error");
      List<JsonNode> stored = RemoteApiTest.frames(serve.get("/v1/builds/" + h.id() + "/events").body());
      assertThat(stored).hasSize(events.size());
      assertThat(stored.get(stored.size() - 1).path("kind").asText()).isEqualTo("build-end");
      long deadline = System.currentTimeMillis() + 3000;
      while (System.currentTimeMillis() < deadline && dev.templatestudio.bridge.testing.ProcessArgs.anyContains(marker)) {
        Thread.sleep(20);
      }
      assertNothingLeft(store.root(), marker);
    } finally {
      child.destroyForcibly();
    }
  }

  /**
   * Waits until {@code port} can be bound on loopback again: a closed server's listener may let
   * go of it a moment after close returns, and the next server on the same port then failed with
   * "Address already in use".
   */
  private static void awaitPortFree(int port) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try (ServerSocket probe = new ServerSocket()) {
        probe.setReuseAddress(true);
        probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return;
      } catch (IOException stillHeld) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("port " + port + " still in use 10 s after its server closed", stillHeld);
        }
        Thread.sleep(20);
      }
    }
  }

  @Test
  void aBuildFollowedWhileTheServerStopsEndsInErrorSayingSoNotAsCancelled() throws Exception {
    BuildHandle h = remote.build(BuildRequest.of(template("interrupted", new RunStep("echo started; sleep 300")), null));
    CountDownLatch started = new CountDownLatch(1);
    h.events().subscribe(0, e -> {
      if ("started".equals(e.message())) {
        started.countDown();
      }
    });
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
    int port = serve.server.port();
    serve.close();
    String stopped = "the server stopped while the build was running and cancelled it; build again once the server is back";
    BuildEvent end = h.result().get(10, TimeUnit.SECONDS);
    assertThat(end.status()).isEqualTo(BuildEvent.STATUS_ERROR);
    assertThat(end.message()).isEqualTo(stopped);
    serve = ServeFixture.start(store, port, 64L << 20);
    JsonNode status = RemoteApiTest.JSON.readTree(serve.get("/v1/builds/" + h.id()).body());
    assertThat(status.path("status").asText()).isEqualTo("error");
    assertThat(status.path("message").asText()).isEqualTo(stopped);
  }

  @Test
  void buildsEventsAndTemplatesOutliveACleanRestart() throws Exception {
    BuildHandle h = remote.build(BuildRequest.of(template("kept", new RunStep("echo kept")), null));
    String ref = EngineFixture.assertReady(h);
    String before = serve.get("/v1/builds/" + h.id() + "/events").body();
    int port = serve.server.port();
    serve.close();
    serve = ServeFixture.start(store, port, 64L << 20);
    JsonNode status = RemoteApiTest.JSON.readTree(serve.get("/v1/builds/" + h.id()).body());
    assertThat(status.path("status").asText()).isEqualTo("ready");
    assertThat(status.path("ref").asText()).isEqualTo(ref);
    assertThat(serve.get("/v1/builds/" + h.id() + "/events").body()).isEqualTo(before);
    assertThat(remote.templates()).anySatisfy(info -> assertThat(info.ref()).isEqualTo(ref));
  }

  @Test
  void cancellingTheHandleCancelsTheBuildOnTheServer() throws Exception {
    BuildHandle h = remote.build(BuildRequest.of(template("stopped", new RunStep("echo started; sleep 300")), null));
    CountDownLatch started = new CountDownLatch(1);
    h.events().subscribe(0, e -> {
      if ("started".equals(e.message())) {
        started.countDown();
      }
    });
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
    h.cancel();
    assertThat(h.result().get(10, TimeUnit.SECONDS).status()).isEqualTo(BuildEvent.STATUS_CANCELLED);
    assertThat(RemoteApiTest.JSON.readTree(serve.get("/v1/builds/" + h.id()).body()).path("status").asText())
        .isEqualTo("cancelled");
  }

  @Test
  void failuresToReachOrToAuthenticateAreOneSentence() throws Exception {
    int free;
    try (ServerSocket s = new ServerSocket(0)) {
      free = s.getLocalPort();
    }
    try (Runtime nowhere = Runtimes.open("http://127.0.0.1:" + free, null, "x")) {
      assertThatThrownBy(nowhere::templates).isInstanceOf(RuntimeUnavailableException.class)
          .hasMessage("cannot reach http://127.0.0.1:" + free + ": connection refused");
    }
    try (Runtime wrong = Runtimes.open(serve.url(), null, "not-the-token")) {
      assertThatThrownBy(() -> wrong.build(BuildRequest.of(template("x", new RunStep("true")), null)))
          .isInstanceOf(RemoteRefusalException.class)
          .hasMessageStartingWith("the server " + serve.url() + " refused the token;");
    }
    assertThatThrownBy(() -> Runtimes.open(serve.url(), null, " "))
        .hasMessageContaining("needs its token");
  }

  @Test
  void aContextLargerThanTheServerTakesIsRefusedBeforeUploading() throws Exception {
    serve.close();
    serve = ServeFixture.start(store, 0, 4096);
    Files.writeString(ctx.resolve("big.bin"), "x".repeat(50_000));
    try (Runtime small = Runtimes.open(serve.url(), null, ServeFixture.TOKEN)) {
      assertThatThrownBy(() -> small.build(BuildRequest.of(template("big", new CopyStep(List.of("big.bin"), "/")), ctx)))
          .hasMessageContaining("more than the 0.0 MB").hasMessageContaining(".dockerignore");
    }
  }
}
