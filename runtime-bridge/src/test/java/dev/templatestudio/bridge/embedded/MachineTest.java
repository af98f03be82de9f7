package dev.templatestudio.bridge.embedded;

import static dev.templatestudio.bridge.embedded.EngineFixture.assertNothingLeft;
import static dev.templatestudio.bridge.embedded.EngineFixture.assertReady;
import static dev.templatestudio.bridge.embedded.EngineFixture.build;
import static dev.templatestudio.bridge.embedded.EngineFixture.end;
import static dev.templatestudio.bridge.embedded.EngineFixture.events;
import static dev.templatestudio.bridge.embedded.EngineFixture.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.Ready;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Start;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.UserStep;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Start + ready at the end of a build, and machines for {@code run REF -- CMD}. */
class MachineTest extends EngineTestBase {

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private Template served(String name, String start, Ready ready) {
    return template(name, new EnvStep(Map.of("FROM_ENV_STEP", "yes")))
        .withRuntimeEnvs(Map.of("APP_ENV", "demo"))
        .withBuildEnvs(Map.of("ONLY_AT_BUILD", "b"))
        .withStart(new Start(start, ready));
  }

  @Test
  void runStartsTheMachineWithTheRuntimeEnvsAndExitsWithTheCommandsCode() throws Exception {
    String marker = "m-" + UUID.randomUUID();
    String ref = assertReady(build(rt, served("svc", "touch /tmp/up; exec sleep 600 # " + marker,
        new Ready.File("/tmp/up")), ctx));
    List<String> out = new ArrayList<>();
    int code = rt.run("svc", List.of("/bin/sh", "-c",
        "echo $APP_ENV $FROM_ENV_STEP [$ONLY_AT_BUILD]; ls /tmp/up; echo err >&2; exit 7"),
        (stream, line) -> out.add(stream + " " + line));
    assertThat(code).isEqualTo(7);
    assertThat(out).containsExactlyInAnyOrder("stdout demo yes []", "stdout /tmp/up", "stderr err");
    assertNothingLeft(store.root(), marker);
    assertThat(rt.run(ref, List.of("true"), (s, l) -> { })).isZero();
    assertThatThrownBy(() -> rt.run("nosuch", List.of("true"), (s, l) -> { }))
        .hasMessageStartingWith("template \"nosuch\" is not in the store");
  }

  @Test
  void eachReadyCheckPasses() throws Exception {
    int port = freePort();
    List<Template> ok = List.of(
        served("port", "exec nc -l -p " + port + " -e cat", new Ready.Port(port, 10)),
        served("url", "mkdir -p /www && echo hi > /www/index.html && exec httpd -f -p " + (port + 1) + " -h /www",
            new Ready.Url("http://127.0.0.1:" + (port + 1) + "/", 200, 10)),
        served("proc", "sleep 0.2; exec sleep 600", new Ready.Process("sleep", 10)),
        served("cmd", "sleep 0.3; touch /tmp/ok; exec sleep 600", new Ready.Command("test -f /tmp/ok", 10)),
        served("timeout", "exec sleep 600", new Ready.Timeout(1)),
        served("none", "exec sleep 600", null));
    for (Template t : ok) {
      BuildHandle h = build(rt, t, ctx);
      assertReady(h);
      List<BuildEvent> ready = events(h, BuildEvent.READY);
      assertThat(ready).as(t.name()).hasSize(1);
      assertThat(h.events().after(0).get(h.events().after(0).size() - 2).kind()).isEqualTo(BuildEvent.READY);
    }
    assertThat(events(build(rt, ok.get(0), ctx), BuildEvent.READY).get(0).message())
        .matches("port " + port + " answered after \\d+\\.\\ds");
  }

  @Test
  void aStartCommandThatDiesOrNeverGetsReadyFailsTheBuildWithItsOutput() throws Exception {
    BuildEvent dies = end(build(rt, served("dies", "echo cannot bind >&2; exit 4", new Ready.Port(freePort(), 5)), ctx));
    assertThat(dies.status()).isEqualTo(BuildEvent.STATUS_ERROR);
    assertThat(dies.message()).contains("exited with code 4", "cannot bind");

    BuildEvent slow = end(build(rt, served("slow", "echo waiting; exec sleep 600",
        new Ready.File("/tmp/never", 1)), ctx));
    assertThat(slow.status()).isEqualTo(BuildEvent.STATUS_ERROR);
    assertThat(slow.message()).contains("not ready after 1s", "/tmp/never", "waiting");
  }

  @Test
  void aUrlCheckThatGetsAnotherStatusSaysWhichItGot() throws Exception {
    int port = freePort();
    BuildEvent wrong = end(build(rt, served("url-404", "mkdir -p /www && exec httpd -f -p " + port + " -h /www",
        new Ready.Url("http://127.0.0.1:" + port + "/missing", 200, 1)), ctx));
    assertThat(wrong.status()).isEqualTo(BuildEvent.STATUS_ERROR);
    assertThat(wrong.message()).isEqualTo("the machine was not ready after 1s: http://127.0.0.1:" + port
        + "/missing answered 404, not 200");

    BuildEvent silent = end(build(rt, served("url-silent", "exec sleep 600",
        new Ready.Url("http://127.0.0.1:" + freePort() + "/", null, 1)), ctx));
    assertThat(silent.message()).startsWith("the machine was not ready after 1s: http://127.0.0.1:")
        .endsWith("/ did not answer");
  }

  @Test
  void theCommandReadsTheGivenInputWithOrWithoutAStartCommand() throws Exception {
    String plain = assertReady(build(rt, template("stdin-plain", new RunStep("true")), ctx));
    String served = assertReady(build(rt, served("stdin-served", "touch /tmp/up; exec sleep 600",
        new Ready.File("/tmp/up")), ctx));
    for (String ref : List.of(plain, served)) {
      List<String> out = new ArrayList<>();
      assertThat(rt.run(ref, List.of("cat"), new ByteArrayInputStream("hi\nthere\n".getBytes(StandardCharsets.UTF_8)),
          (s, l) -> out.add(l))).as(ref).isZero();
      assertThat(out).as(ref).containsExactly("hi", "there");
      assertThat(rt.run(ref, List.of("cat"), (s, l) -> out.add(l))).as("no input: an empty one").isZero();
    }
  }

  @Test
  void aStartCommandRunAsAnotherUserEndsWithItsMachine() throws Exception {
    String marker = "m-" + UUID.randomUUID();
    Template asUser = template("as-user", new UserStep("1000")).withStart(new Start("sleep 600; echo # " + marker, null));
    String ref = assertReady(build(rt, asUser, ctx));
    assertNothingLeft(store.root(), marker);
    assertThat(rt.run(ref, List.of("true"), (s, l) -> { })).isZero();
    assertNothingLeft(store.root(), marker);
  }

  @Test
  void aTemplateWithoutStartRunsTheCommandDirectly() throws Exception {
    String ref = assertReady(build(rt, template("plain", new RunStep("echo x > /x")), ctx));
    List<String> out = new ArrayList<>();
    assertThat(rt.run(ref, List.of("cat", "/x"), (s, l) -> out.add(l))).isZero();
    assertThat(out).containsExactly("x");
  }
}
