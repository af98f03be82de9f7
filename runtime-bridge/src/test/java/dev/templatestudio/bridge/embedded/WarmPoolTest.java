package dev.templatestudio.bridge.embedded;

import static dev.templatestudio.bridge.embedded.EngineFixture.assertNothingLeft;
import static dev.templatestudio.bridge.embedded.EngineFixture.assertReady;
import static dev.templatestudio.bridge.embedded.EngineFixture.build;
import static dev.templatestudio.bridge.embedded.EngineFixture.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.templatestudio.bridge.machines.Fallback;
import dev.templatestudio.bridge.machines.MachineInfo;
import dev.templatestudio.bridge.machines.MachineRequest;
import dev.templatestudio.bridge.machines.Machines;
import dev.templatestudio.bridge.machines.PoolInfo;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.Ready;
import dev.templatestudio.bridge.template.Start;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.testing.ProcessArgs;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Warm pools (issue 14): ready machines kept and refilled, handed out at once, the fallbacks
 * when none is ready, a moved tag drains and refills, a start that never gets ready backs off,
 * and a pool larger than the machine can hold is refused with the number it can.
 */
class WarmPoolTest extends EngineTestBase {
  private final String marker = "pool-" + UUID.randomUUID();

  private Template served(String name, String version, String start, Ready ready) {
    return template(name, new EnvStep(Map.of("VERSION", version))).withStart(new Start(start, ready));
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long until = System.currentTimeMillis() + 30_000;
    while (!condition.getAsBoolean() && System.currentTimeMillis() < until) {
      Thread.sleep(20);
    }
    assertThat(condition.getAsBoolean()).as(what).isTrue();
  }

  private PoolInfo pool(Machines m, String ref) {
    return m.pools().stream().filter(p -> p.ref().equals(ref)).findFirst().orElseThrow();
  }

  @Test
  void aPoolKeepsReadyMachinesHandsThemOutAtOnceAndRefills() throws Exception {
    String ref = assertReady(build(rt, served("web", "1", "touch /tmp/up; sleep 600 # " + marker,
        new Ready.File("/tmp/up")), ctx));
    Machines m = rt.machines();
    m.setPool("web", 2, null);
    await(() -> pool(m, "web").idle() == 2, "two ready machines");
    assertThat(pool(m, "web").builds()).isEqualTo(ref);

    MachineInfo taken = m.create(new MachineRequest("web", 0, null, Map.of(), Fallback.FAIL));
    assertThat(taken.state()).isEqualTo(MachineInfo.READY);
    assertThat(m.exec(taken.id(), List.of("sh", "-c", "test -f /tmp/up"), null, (s, l) -> { })).isZero();
    assertThat(pool(m, "web").inUse()).isEqualTo(1);
    await(() -> pool(m, "web").idle() == 2, "the pool refilled");
    m.remove(taken.id());
    await(() -> pool(m, "web").inUse() == 0, "a removed machine no longer counts");

    assertThat(m.removePool("web")).isTrue();
    assertThat(m.list()).isEmpty();
    assertThat(ProcessArgs.anyContains(marker)).isFalse();
  }

  @Test
  void withoutAReadyMachineTheFallbackDecides() throws Exception {
    assertReady(build(rt, served("slow", "1", "sleep 1; touch /tmp/up; sleep 600 # " + marker,
        new Ready.File("/tmp/up", 30)), ctx));
    Machines m = rt.machines();
    m.setPool("slow", 1, 1);
    assertThatThrownBy(() -> m.create(new MachineRequest("slow", 0, null, Map.of(), Fallback.FAIL)))
        .hasMessageMatching("the warm pool of slow has no ready machine \\([01] starting, 0 in use\\); "
            + "create with --fallback wait or cold");
    MachineInfo waited = m.create(new MachineRequest("slow", 0, null, Map.of(), Fallback.WAIT));
    assertThat(waited.state()).isEqualTo(MachineInfo.READY);
    // max 1 with it in use: the pool starts no other; cold starts one beside it.
    MachineInfo cold = m.create(new MachineRequest("slow", 0, null, Map.of(), Fallback.COLD));
    assertThat(cold.id()).isNotEqualTo(waited.id());
    assertThat(pool(m, "slow").starting() + pool(m, "slow").idle()).isZero();
    // A request the pool's machines cannot serve (its own env) starts cold whatever the fallback.
    MachineInfo own = m.create(new MachineRequest("slow", 0, null, Map.of("K", "v"), Fallback.FAIL));
    assertThat(own.state()).isEqualTo(MachineInfo.READY);
  }

  @Test
  void aMovedTagDrainsTheOldBuildAndRefillsWithTheNew() throws Exception {
    String first = assertReady(build(rt, served("app", "1", "touch /tmp/up; sleep 600 # " + marker,
        new Ready.File("/tmp/up")), ctx));
    Machines m = rt.machines();
    m.setPool("app", 1, null);
    await(() -> pool(m, "app").idle() == 1, "one ready machine of the first build");
    String second = assertReady(build(rt, served("app", "2", "touch /tmp/up; sleep 600 # " + marker,
        new Ready.File("/tmp/up")), ctx));
    assertThat(second).isNotEqualTo(first);
    await(() -> second.equals(pool(m, "app").builds()) && pool(m, "app").idle() == 1, "refilled with the new build");
    MachineInfo taken = m.create(MachineRequest.of("app"));
    assertThat(taken.ref()).isEqualTo(second);
    List<String> out = new java.util.ArrayList<>();
    m.exec(taken.id(), List.of("sh", "-c", "echo $VERSION"), null, (s, l) -> out.add(l));
    assertThat(out).containsExactly("2");
    await(() -> m.list().stream().noneMatch(x -> x.ref().equals(first)), "no machine of the old build");
  }

  @Test
  void aStartThatNeverGetsReadyBacksOffInsteadOfLooping() throws Exception {
    // Ready within 8 s of its build (the build's own check passes), never after.
    assertReady(build(rt, template("stale", new dev.templatestudio.bridge.template.RunStep("date +%s > /built_at"))
        .withStart(new Start("if [ $(date +%s) -le $(( $(cat /built_at) + 8 )) ]; then touch /tmp/up; fi; "
            + "sleep 600 # " + marker, new Ready.File("/tmp/up", 1))), ctx));
    Thread.sleep(9_000);
    Machines m = rt.machines();
    m.setPool("stale", 1, null);
    await(() -> pool(m, "stale").lastError() != null, "the failed start is reported");
    assertThat(pool(m, "stale").lastError()).startsWith("the machine did not get ready: ").contains("/tmp/up");
    await(() -> pool(m, "stale").retryInSeconds() != null && pool(m, "stale").retryInSeconds() >= 2,
        "the wait between starts grows");
    assertThat(pool(m, "stale").idle()).isZero();
    assertThatThrownBy(() -> m.create(new MachineRequest("stale", 0, null, Map.of(), Fallback.FAIL)))
        .hasMessageContaining("last start failed: the machine did not get ready");
    m.removePool("stale");
    await(() -> !ProcessArgs.anyContains(marker), "nothing of the pool runs");
  }

  @Test
  void keptPoolsAreSetAgainAndOneThatCannotBeIsSaidAndNoLongerKept() throws Exception {
    assertReady(build(rt, served("kept", "1", "touch /tmp/up; sleep 600 # " + marker, new Ready.File("/tmp/up")), ctx));
    java.nio.file.Path file = store.root().resolve("serve/pools-test.json");
    java.nio.file.Files.createDirectories(file.getParent());
    java.nio.file.Files.writeString(file, "{\"pools\":[{\"ref\":\"kept\",\"ready\":1,\"max\":2},"
        + "{\"ref\":\"gone\",\"ready\":1,\"max\":null}]}");
    assertThat(rt.keepPools(file)).singleElement().asString()
        .startsWith("the warm pool of gone was not restored: template \"gone\" is not in the store");
    Machines m = rt.machines();
    assertThat(m.pools()).extracting(PoolInfo::ref, PoolInfo::ready, PoolInfo::max).containsExactly(
        org.assertj.core.groups.Tuple.tuple("kept", 1, 2));
    assertThat(java.nio.file.Files.readString(file)).contains("\"kept\"").doesNotContain("gone");
    m.setPool("kept", 2, null);
    await(() -> pool(m, "kept").idle() == 2, "two ready machines");
    // Closing the holder ends the pool, not its setting: the next holder sets it again.
    rt.close();
    assertThat(java.nio.file.Files.readString(file)).isEqualTo("{\"pools\":[{\"ref\":\"kept\",\"ready\":2,\"max\":null}]}");
    await(() -> !ProcessArgs.anyContains(marker), "the pool's machines ended with their holder");
    rt = new EmbeddedRuntime(store);
    assertThat(rt.keepPools(file)).isEmpty();
    assertThat(pool(rt.machines(), "kept").ready()).isEqualTo(2);
    assertThat(rt.machines().removePool("kept")).isTrue();
    assertThat(java.nio.file.Files.readString(file)).isEqualTo("{\"pools\":[]}");
  }

  @Test
  void aPoolLargerThanTheMachineCanHoldIsRefusedWithTheNumberItCan() throws Exception {
    assertReady(build(rt, served("big", "1", "sleep 600 # " + marker, null)
        .withResources(new dev.templatestudio.bridge.template.Resources(null, 1024 * 1024)), ctx));
    assertThatThrownBy(() -> rt.machines().setPool("big", 1000, null))
        .hasMessageMatching("this machine can hold \\d+ machines of big \\(by its free memory and each machine's "
            + "memory limit\\), not 1000; ask for --ready \\d+ or less");
    assertThat(rt.machines().pools()).isEmpty();
    assertNothingLeft(store.root(), marker);
  }
}
