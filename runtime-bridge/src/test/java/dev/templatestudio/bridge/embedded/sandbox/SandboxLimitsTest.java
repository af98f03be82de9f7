package dev.templatestudio.bridge.embedded.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.templatestudio.bridge.embedded.BusyboxFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real sandboxes held to their limits by real cgroups (v2, or v1 as on this machine). */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SandboxLimitsTest {
  /** dd's one block of 200 MB is allocated and written: memory really used, not page cache. */
  static final String ALLOCATE_200_MB = "dd if=/dev/zero of=/dev/null bs=200M count=1";
  @TempDir Path tmp;
  Path lower;
  Sandbox sandbox;
  int boxes;

  @BeforeEach
  void rootfs() throws Exception {
    assumeTrue(BusyboxFixture.available(), "busybox-static is not installed");
    assumeTrue(dev.templatestudio.bridge.embedded.layer.HostTools.isRoot(), "the sandbox tests run as root");
    sandbox = Sandbox.detect();
    assumeTrue(Cgroups.host().problem(ResourceLimits.NONE).isEmpty(), "this machine has no usable cgroups");
    lower = BusyboxFixture.rootfs(tmp.resolve("layers/base"));
  }

  private SandboxSpec spec(String command, ResourceLimits limits) throws Exception {
    Path box = Files.createDirectories(tmp.resolve("box" + (++boxes)));
    return new SandboxSpec(List.of(lower), Files.createDirectories(box.resolve("upper")),
        Files.createDirectories(box.resolve("work")), Files.createDirectories(box.resolve("merged")),
        List.of("/bin/sh", "-c", command), Map.of("PATH", "/bin"), null, null, "/", false, limits);
  }

  @Test
  void aSandboxOverItsMemoryIsKilledAndSaysSoWithoutALimitTheSameCommandPasses() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    SandboxProcess limited = sandbox.start(spec(ALLOCATE_200_MB, new ResourceLimits(null, 64, 4096)),
        (s, l) -> lines.add(l));
    assertThat(limited.waitFor()).as("%s", lines).isNotZero();
    assertThat(limited.oomKills()).isPositive();
    assertThat(limited.unenforced()).isEmpty();

    SandboxProcess free = sandbox.start(spec(ALLOCATE_200_MB, ResourceLimits.NONE), (s, l) -> lines.add(l));
    assertThat(free.waitFor()).as("%s", lines).isZero();
    assertThat(free.oomKills()).isZero();
  }

  @Test
  void theCpuLimitIsTheQuotaOfTheSandboxsCgroupWhichGoesWithTheSandbox() throws Exception {
    SandboxProcess p = sandbox.start(spec("exec sleep 60", new ResourceLimits(2, null, 4096)), (s, l) -> { });
    try {
      Path cpu = CgroupDirs.of(waitForInit(p), "cpu");
      if (Files.exists(cpu.resolve("cpu.max"))) {
        assertThat(Files.readString(cpu.resolve("cpu.max")).trim()).isEqualTo("200000 100000");
      } else {
        assertThat(Files.readString(cpu.resolve("cpu.cfs_quota_us")).trim()).isEqualTo("200000");
        assertThat(Files.readString(cpu.resolve("cpu.cfs_period_us")).trim()).isEqualTo("100000");
      }
      assertThat(Files.readString(CgroupDirs.of(p.initPid(), "pids").resolve("pids.max")).trim()).isEqualTo("4096");
      p.kill();
      assertThat(cpu).doesNotExist();
    } finally {
      p.close();
    }
  }

  @Test
  void aForkBombStopsAtTheProcessLimit() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    // Each shell forks two more and both wait: without a limit this would not stop.
    SandboxProcess p = sandbox.start(spec("bomb() { bomb | bomb & wait; }; bomb; sleep 60",
        new ResourceLimits(null, null, 40)), (s, l) -> lines.add(l));
    try {
      long init = waitForInit(p);
      Path pids = CgroupDirs.of(init, "pids");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (p.processLimitHits() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(p.processLimitHits()).as("forks refused at the limit").isPositive();
      assertThat(Long.parseLong(Files.readString(pids.resolve("pids.current")).trim())).isLessThanOrEqualTo(40);
    } finally {
      p.kill();
    }
    assertThat(p.processLimitHits()).as("still known once the sandbox is gone").isPositive();
  }

  @Test
  void aCommandEnteredIntoARunningSandboxJoinsItsCgroup() throws Exception {
    SandboxProcess init = sandbox.start(spec("exec sleep 60", new ResourceLimits(null, 64, 4096)), (s, l) -> { });
    try {
      long pid = waitForInit(init);
      List<String> lines = new CopyOnWriteArrayList<>();
      SandboxProcess entered = sandbox.enter(init, List.of("/bin/cat", "/proc/self/cgroup"),
          Map.of("PATH", "/bin"), null, null, null, (s, l) -> lines.add(l));
      assertThat(entered.waitFor()).isZero();
      String memoryOfInit = Files.readAllLines(Path.of("/proc/" + pid + "/cgroup")).stream()
          .filter(l -> l.matches("\\d+:([^:]*,)?memory(,[^:]*)?:.*")).findFirst()
          .orElse(Files.readAllLines(Path.of("/proc/" + pid + "/cgroup")).get(0));
      assertThat(memoryOfInit).contains("sandbox-");
      assertThat(lines).contains(memoryOfInit);
      List<String> env = new CopyOnWriteArrayList<>();
      assertThat(sandbox.enter(init, List.of("/bin/env"), Map.of("PATH", "/bin", "A", "1"), null, null, null,
          (s, l) -> env.add(l)).waitFor()).isZero();
      assertThat(env).as("exactly its environment, nothing of the joining shell").containsExactlyInAnyOrder("A=1", "PATH=/bin");
      Path memory = CgroupDirs.of(pid, "memory");
      assertThat(Files.readString(memory.resolve(Files.exists(memory.resolve("memory.max"))
          ? "memory.max" : "memory.limit_in_bytes")).trim()).isEqualTo(Long.toString(64L << 20));
    } finally {
      init.kill();
    }
  }

  @Test
  void aParentOfAProcessThatIsGoneIsRemovedWithWhatRunsInIt() throws Exception {
    Map<String, CgroupMounts.Hierarchy> here = CgroupMounts.ofThisProcess();
    CgroupMounts.Hierarchy memory = here.get("memory");
    assumeTrue(memory != null && memory.version() == 1, "made for the v1 memory hierarchy of this machine");
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Path stale = Files.createDirectory(memory.own().resolve("template-studio-" + gone.pid()));
    Path box = Files.createDirectory(stale.resolve("sandbox-1"));
    Process straggler = new ProcessBuilder("sleep", "300").start();
    try {
      Files.writeString(box.resolve("cgroup.procs"), Long.toString(straggler.pid()));
      SandboxCgroup fresh = Cgroups.of(here).create(ResourceLimits.NONE);
      fresh.remove();
      assertThat(stale).doesNotExist();
      assertThat(straggler.waitFor(5, TimeUnit.SECONDS)).as("killed with its stale cgroup").isTrue();
    } finally {
      straggler.destroyForcibly();
    }
  }

  private static long waitForInit(SandboxProcess p) throws InterruptedException {
    for (int i = 0; i < 400 && p.initPid() <= 0; i++) {
      Thread.sleep(5);
    }
    assertThat(p.initPid()).isPositive();
    // The init joins its cgroup in its first instructions: wait until it has.
    Thread.sleep(200);
    return p.initPid();
  }
}
