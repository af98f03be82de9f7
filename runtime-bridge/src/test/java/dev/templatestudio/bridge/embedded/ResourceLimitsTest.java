package dev.templatestudio.bridge.embedded;

import static dev.templatestudio.bridge.embedded.EngineFixture.assertNothingLeft;
import static dev.templatestudio.bridge.embedded.EngineFixture.assertReady;
import static dev.templatestudio.bridge.embedded.EngineFixture.build;
import static dev.templatestudio.bridge.embedded.EngineFixture.end;
import static dev.templatestudio.bridge.embedded.EngineFixture.events;
import static dev.templatestudio.bridge.embedded.EngineFixture.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.embedded.sandbox.CgroupDirs;
import dev.templatestudio.bridge.embedded.sandbox.Cgroups;
import dev.templatestudio.bridge.embedded.sandbox.ResourceLimits;
import dev.templatestudio.bridge.template.Ready;
import dev.templatestudio.bridge.template.Resources;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Start;
import dev.templatestudio.bridge.template.Template;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A template's resources hold every step and machine of the embedded runtime (real cgroups). */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ResourceLimitsTest extends EngineTestBase {
  /** dd's one block of 200 MB is allocated and written: memory really used, not page cache. */
  static final String ALLOCATE_200_MB = "dd if=/dev/zero of=/dev/null bs=200M count=1";

  @BeforeEach
  void cgroupsWork() {
    assumeTrue(Cgroups.host().problem(ResourceLimits.NONE).isEmpty(), "this machine has no usable cgroups");
  }

  @Test
  void aStepOverItsMemoryFailsNamingItAndWithoutALimitTheSameStepPasses() throws Exception {
    Template t = template("hungry", new RunStep("echo fits"), new RunStep(ALLOCATE_200_MB));
    BuildHandle limited = build(rt, t.withResources(new Resources(null, 64)), ctx);
    BuildEvent end = end(limited);
    assertThat(end.status()).isEqualTo(BuildEvent.STATUS_ERROR);
    assertThat(end.message()).startsWith("step 2 ran out of its 64 MB of memory (RUN " + ALLOCATE_200_MB
        + ") and failed with exit code 137");
    assertThat(events(limited, BuildEvent.LOG)).noneMatch(e -> "warn".equals(e.level()));

    assertReady(build(rt, t.withResources(null), ctx));
    assertReady(build(rt, t.withResources(new Resources(2, 512)), ctx));
  }

  @Test
  void theCpusOfAStepAreItsCgroupsQuotaAndTheCgroupGoesWithTheStep() throws Exception {
    String marker = "31." + (System.nanoTime() % 1000);
    BuildHandle h = rt.build(BuildRequest.of(template("cpus", new RunStep("exec sleep " + marker))
        .withResources(new Resources(1, null)), ctx));
    Path cpu = null;
    try {
      long pid = waitForProcess("sleep", marker);
      cpu = CgroupDirs.of(pid, "cpu");
      String quota = Files.exists(cpu.resolve("cpu.max")) ? Files.readString(cpu.resolve("cpu.max")).trim()
          : Files.readString(cpu.resolve("cpu.cfs_quota_us")).trim() + " "
          + Files.readString(cpu.resolve("cpu.cfs_period_us")).trim();
      assertThat(quota).isEqualTo("100000 100000");
      assertThat(Files.readString(CgroupDirs.of(pid, "pids").resolve("pids.max")).trim())
          .isEqualTo(Integer.toString(ResourceLimits.DEFAULT_PROCESSES));
    } finally {
      h.cancel();
      end(h);
    }
    assertThat(cpu).as("removed with the cancelled step").doesNotExist();
  }

  @Test
  void aForkBombStepIsStoppedAtTheProcessLimitAndFailsSayingSo() throws Exception {
    String marker = "bomb-" + UUID.randomUUID().toString().substring(0, 8);
    try (EmbeddedRuntime small = new EmbeddedRuntime(store, 64)) {
      // Each shell forks two more and both wait: it grows until the limit, then churns there.
      BuildHandle h = build(small, template("bomb", new RunStep(
          "bomb() { bomb | bomb & wait; }; bomb & exec sleep 600 # " + marker)), ctx);
      BuildEvent end = end(h);
      assertThat(end.status()).isEqualTo(BuildEvent.STATUS_ERROR);
      assertThat(end.message()).startsWith("step 1 reached its limit of 64 processes (RUN bomb");
      assertNothingLeft(store.root(), marker);

      // A loop that spawns until a fork fails ends by itself, and fails the same way.
      end = end(build(small, template("spawner", new RunStep("while :; do sleep 600 & done")), ctx));
      assertThat(end.status()).isEqualTo(BuildEvent.STATUS_ERROR);
      assertThat(end.message()).startsWith("step 1 reached its limit of 64 processes "
          + "(RUN while :; do sleep 600 & done) and was stopped");
    }
  }

  @Test
  void aStartCommandOverItsMemoryFailsTheBuildNamingIt() throws Exception {
    Template t = template("hungry-start").withStart(new Start(ALLOCATE_200_MB + " && exec sleep 600", new Ready.Timeout(3)))
        .withResources(new Resources(null, 64));
    BuildEvent end = end(build(rt, t, ctx));
    assertThat(end.status()).isEqualTo(BuildEvent.STATUS_ERROR);
    assertThat(end.message()).contains("the machine ran out of its 64 MB of memory before it was ready");
  }

  @Test
  void runHoldsTheMachineToTheTemplatesMemoryUnlessTheRunGivesOther() throws Exception {
    assertReady(build(rt, template("small").withResources(new Resources(null, 64)), ctx));
    List<String> out = new ArrayList<>();
    assertThatThrownBy(() -> rt.run("small", List.of("/bin/sh", "-c", ALLOCATE_200_MB), null, null,
        (s, l) -> out.add(l)))
        .hasMessage("the machine ran out of its 64 MB of memory (the command exited with code 137)");
    assertThat(rt.run("small", List.of("/bin/sh", "-c", ALLOCATE_200_MB), null, new Resources(null, 512),
        (s, l) -> out.add(l))).as("%s", out).isZero();

    assertReady(build(rt, template("small-served").withResources(new Resources(null, 64))
        .withStart(new Start("exec sleep 600", new Ready.Timeout(1))), ctx));
    assertThatThrownBy(() -> rt.run("small-served", List.of("/bin/sh", "-c", ALLOCATE_200_MB), null, null,
        (s, l) -> { }))
        .as("a command run in a machine is in the machine's cgroup")
        .hasMessage("the machine ran out of its 64 MB of memory (the command exited with code 137)");
  }

  /** The pid of the process whose argv is {@code argv}, waiting for it up to 30 s. */
  private static long waitForProcess(String... argv) throws Exception {
    String cmdline = String.join("\0", argv) + "\0";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      Optional<ProcessHandle> p = ProcessHandle.allProcesses().filter(h -> {
        try {
          return Files.readString(Path.of("/proc/" + h.pid() + "/cmdline")).equals(cmdline);
        } catch (java.io.IOException gone) {
          return false;
        }
      }).findFirst();
      if (p.isPresent()) {
        return p.get().pid();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no process " + String.join(" ", argv));
  }
}
