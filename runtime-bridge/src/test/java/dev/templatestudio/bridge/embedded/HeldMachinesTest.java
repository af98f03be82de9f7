package dev.templatestudio.bridge.embedded;

import static dev.templatestudio.bridge.embedded.EngineFixture.assertNothingLeft;
import static dev.templatestudio.bridge.embedded.EngineFixture.assertReady;
import static dev.templatestudio.bridge.embedded.EngineFixture.build;
import static dev.templatestudio.bridge.embedded.EngineFixture.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.templatestudio.bridge.build.UnknownTemplateException;
import dev.templatestudio.bridge.machines.MachineInfo;
import dev.templatestudio.bridge.machines.MachineRequest;
import dev.templatestudio.bridge.machines.Machines;
import dev.templatestudio.bridge.machines.UnknownMachineException;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.Ready;
import dev.templatestudio.bridge.template.Start;
import dev.templatestudio.bridge.template.Template;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Machines that outlive a command (issue 14): created once ready, commands run in them with
 * their output, input and exit code, listed with their usage, their start output read, and
 * removed by rm, by their timeout or when the runtime closes, leaving no process or mount.
 */
class HeldMachinesTest extends EngineTestBase {

  private Template served(String name, String start, Ready ready) {
    return template(name, new EnvStep(Map.of("FROM_ENV_STEP", "yes")))
        .withRuntimeEnvs(Map.of("APP_ENV", "demo"))
        .withStart(new Start(start, ready));
  }

  private static List<String> exec(Machines machines, String id, String script, String stdin, int[] code)
      throws Exception {
    List<String> out = new ArrayList<>();
    code[0] = machines.exec(id, List.of("/bin/sh", "-c", script),
        stdin == null ? null : new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        (stream, line) -> {
          synchronized (out) {
            out.add(stream + " " + line);
          }
        });
    return out;
  }

  @Test
  void aMachineLivesAcrossCommandsUntilRemoved() throws Exception {
    String marker = "held-" + UUID.randomUUID();
    assertReady(build(rt, served("svc", "echo starting up; touch /tmp/up; sleep 600 # " + marker,
        new Ready.File("/tmp/up")), ctx));
    Machines machines = rt.machines();
    MachineInfo made = machines.create(new MachineRequest("svc", 0, null, Map.of("OWN", "mine")));
    assertThat(made.state()).isEqualTo(MachineInfo.READY);
    assertThat(made.readyMillis()).isNotNull().isPositive();
    assertThat(made.id()).matches("[0-9a-f]{12}");

    int[] code = new int[1];
    assertThat(exec(machines, made.id(), "echo $APP_ENV $FROM_ENV_STEP $OWN > /tmp/state; cat /tmp/state", null, code))
        .containsExactly("stdout demo yes mine");
    assertThat(code[0]).isZero();
    // The second command sees what the first left: the same machine, not a new one.
    assertThat(exec(machines, made.id(), "cat /tmp/state; read line; echo got $line; echo oops >&2; exit 3",
        "typed\n", code)).containsExactlyInAnyOrder("stdout demo yes mine", "stdout got typed", "stderr oops");
    assertThat(code[0]).isEqualTo(3);

    MachineInfo listed = machines.list().stream().filter(m -> m.id().equals(made.id())).findFirst().orElseThrow();
    assertThat(listed.ref()).isEqualTo("svc");
    assertThat(listed.memoryBytes()).isPositive();
    assertThat(listed.cpuSeconds()).isNotNull();
    List<String> logs = new ArrayList<>();
    machines.logs(made.id(), 0, false, (n, stream, text) -> logs.add(n + " " + text));
    assertThat(logs).containsExactly("0 starting up");

    assertThat(dev.templatestudio.bridge.testing.ProcessArgs.anyContains(marker)).as("the start command runs").isTrue();
    assertThat(machines.remove(made.id())).isTrue();
    assertThat(machines.list()).isEmpty();
    assertNothingLeft(store.root(), marker);
    assertThatThrownBy(() -> exec(machines, made.id(), "true", null, code)).isInstanceOf(UnknownMachineException.class)
        .hasMessageStartingWith("no machine \"" + made.id() + "\"");
    assertThat(machines.remove(made.id())).isFalse();
  }

  @Test
  void aTemplateWithoutAStartCommandStillGivesAMachineThatStaysUp() throws Exception {
    assertReady(build(rt, template("plain", new EnvStep(Map.of("K", "v"))), ctx));
    MachineInfo m = rt.machines().create(MachineRequest.of("plain"));
    int[] code = new int[1];
    assertThat(exec(rt.machines(), m.id(), "echo $K", null, code)).containsExactly("stdout v");
    rt.machines().remove(m.id());
  }

  @Test
  void aTimeoutEndsTheMachineByItself() throws Exception {
    String marker = "timed-" + UUID.randomUUID();
    assertReady(build(rt, served("timed", "sleep 600 # " + marker, null), ctx));
    MachineInfo m = rt.machines().create(new MachineRequest("timed", 1, null, Map.of()));
    assertThat(m.expiresAt()).isNotNull();
    long deadline = System.currentTimeMillis() + 15_000;
    while (!rt.machines().list().isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertThat(rt.machines().list()).isEmpty();
    assertNothingLeft(store.root(), marker);
  }

  @Test
  void aStartCommandThatNeverGetsReadyFailsWithTheChecksLastAnswerAndLeavesNothing() throws Exception {
    String marker = "never-" + UUID.randomUUID();
    // Ready when built; a machine given MODE=broken never touches the file its check waits for.
    assertReady(build(rt, served("moody", "[ \"$MODE\" = broken ] || touch /tmp/up; exec sleep 600 # " + marker,
        new Ready.File("/tmp/up", 1)), ctx));
    assertThatThrownBy(() -> rt.machines().create(new MachineRequest("moody", 0, null, Map.of("MODE", "broken"))))
        .hasMessageStartingWith("the machine did not get ready: ").hasMessageContaining("/tmp/up");
    assertThat(rt.machines().list()).isEmpty();
    assertNothingLeft(store.root(), marker);
  }

  @Test
  void badRequestsAreOneSentence() throws Exception {
    assertThatThrownBy(() -> rt.machines().create(MachineRequest.of("nosuch")))
        .isInstanceOf(UnknownTemplateException.class).hasMessageStartingWith("template \"nosuch\" is not in the store");
    assertThatThrownBy(() -> rt.machines().logs("feedfeedfeed", 0, false, (n, s, t) -> { }))
        .isInstanceOf(UnknownMachineException.class);
    assertThat(rt.machines().list()).isEmpty();
  }

  @Test
  void closingTheRuntimeRemovesItsMachines() throws Exception {
    String marker = "closed-" + UUID.randomUUID();
    assertReady(build(rt, served("closing", "sleep 600 # " + marker, null), ctx));
    rt.machines().create(MachineRequest.of("closing"));
    rt.machines().create(MachineRequest.of("closing"));
    assertThat(rt.machines().list()).hasSize(2);
    assertThat(dev.templatestudio.bridge.testing.ProcessArgs.anyContains(marker)).isTrue();
    rt.close();
    assertNothingLeft(store.root(), marker);
  }
}
