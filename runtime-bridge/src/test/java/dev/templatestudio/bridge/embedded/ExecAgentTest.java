package dev.templatestudio.bridge.embedded;

import static dev.templatestudio.bridge.embedded.EngineFixture.assertNothingLeft;
import static dev.templatestudio.bridge.embedded.EngineFixture.assertReady;
import static dev.templatestudio.bridge.embedded.EngineFixture.build;
import static dev.templatestudio.bridge.embedded.EngineFixture.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.templatestudio.bridge.machines.MachineInfo;
import dev.templatestudio.bridge.machines.MachineRequest;
import dev.templatestudio.bridge.machines.Machines;
import dev.templatestudio.bridge.template.Start;
import dev.templatestudio.bridge.template.UserStep;
import dev.templatestudio.bridge.template.WorkdirStep;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A held machine's commands run through its resident exec agent (one fork and one exec each):
 * in the machine's namespaces, cgroup, root and working dir, with its capabilities and the
 * image's user, while the agent itself shows the machine nothing of the host; a machine that
 * kills its agent still runs commands (entered as before), and nothing is left afterwards. No
 * process of a machine can signal its holder's process group (kill -9 0).
 */
class ExecAgentTest extends EngineTestBase {

  private static List<String> exec(Machines machines, String id, String script) throws Exception {
    List<String> out = new ArrayList<>();
    int code = machines.exec(id, List.of("/bin/sh", "-c", script), null, (stream, line) -> {
      synchronized (out) {
        out.add(stream + " " + line);
      }
    });
    out.add("exit " + code);
    return out;
  }

  @Test
  void commandsRunThroughTheAgentAsEnteredOnesDidAndTheAgentShowsNothingOfTheHost() throws Exception {
    String marker = "agent-" + UUID.randomUUID();
    assertReady(build(rt, template("agent", new WorkdirStep("/srv")).withStart(new Start("sleep 600 # " + marker,
        null)), ctx));
    Machines machines = rt.machines();
    MachineInfo m = machines.create(MachineRequest.of("agent"));
    String same = "for ns in mnt pid net ipc uts; do [ \"$(readlink /proc/self/ns/$ns)\" = \"$(readlink /proc/1/ns/$ns)\" ]"
        + " && echo same $ns; done; [ \"$(cat /proc/self/cgroup)\" = \"$(cat /proc/1/cgroup)\" ] && echo same cgroup;"
        + " [ \"$(grep CapBnd /proc/self/status)\" = \"$(grep CapBnd /proc/1/status)\" ] && echo same caps; pwd;"
        + " cat /proc/$PPID/comm";
    assertThat(exec(machines, m.id(), same)).containsExactly("stdout same mnt", "stdout same pid", "stdout same net",
        "stdout same ipc", "stdout same uts", "stdout same cgroup", "stdout same caps", "stdout /srv", "stdout perl",
        "exit 0");
    // The agent stands in the host's root (bound in the machine's mount namespace), so its
    // /proc entry must stay closed to the machine's root.
    assertThat(exec(machines, m.id(), "ls /proc/$PPID/root/ >/dev/null 2>&1 && echo open || echo closed;"
        + " cat /proc/$PPID/environ >/dev/null 2>&1 && echo open || echo closed"))
        .containsExactly("stdout closed", "stdout closed", "exit 0");

    // Killed from inside, the agent takes the command in flight; the next one is entered.
    assertThatThrownBy(() -> exec(machines, m.id(), "kill -9 $PPID; sleep 5")).isInstanceOf(IOException.class)
        .hasMessageContaining("exec agent ended");
    assertThat(exec(machines, m.id(), "echo still here")).containsExactly("stdout still here", "exit 0");
    machines.remove(m.id());
    assertNothingLeft(store.root(), marker);
  }

  @Test
  void theImagesUserRunsTheCommandsWithoutCapabilities() throws Exception {
    assertReady(build(rt, template("user", new UserStep("1000")).withStart(new Start("sleep 600", null)), ctx));
    MachineInfo m = rt.machines().create(MachineRequest.of("user"));
    assertThat(exec(rt.machines(), m.id(), "id -u; grep CapEff /proc/self/status"))
        .containsExactly("stdout 1000", "stdout CapEff:\t0000000000000000", "exit 0");
    rt.machines().remove(m.id());
  }

  @Test
  void aMachineThatKillsItsProcessGroupKillsNoMoreThanItself() throws Exception {
    // Were the machine's processes in the holder's process group, this JVM would die here.
    assertReady(build(rt, template("group").withStart(new Start("sleep 600", null)), ctx));
    MachineInfo m = rt.machines().create(MachineRequest.of("group"));
    assertThat(exec(rt.machines(), m.id(), "kill -9 0; echo not reached")).containsExactly("exit 137");
    assertThatThrownBy(() -> exec(rt.machines(), m.id(), "kill -9 $PPID; sleep 5")).isInstanceOf(IOException.class);
    // Entered without the agent: the chain of processes that enters is a session of its own.
    assertThat(exec(rt.machines(), m.id(), "kill -9 0")).containsExactly("exit 137");
    assertThat(exec(rt.machines(), m.id(), "echo alive")).containsExactly("stdout alive", "exit 0");
    rt.machines().remove(m.id());
    // A start command that does the same ends its own machine only.
    assertReady(build(rt, template("suicide").withStart(new Start("[ \"$MODE\" = die ] && kill -9 0; sleep 600",
        null)), ctx));
    assertThatThrownBy(() -> rt.machines().create(new MachineRequest("suicide", 0, null, Map.of("MODE", "die"))))
        .isInstanceOf(IOException.class);
    assertThat(rt.machines().list()).isEmpty();
  }
}
