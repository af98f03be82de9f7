package dev.templatestudio.bridge.embedded.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which hierarchy each controller is taken from and what is written where, on made-up trees
 * in plain folders: this machine has no pure v2 tree to try (its controllers are all in v1),
 * so the v2 writer is checked here, file by file, and the v1 one on the real hierarchies by
 * {@link SandboxLimitsTest}.
 */
class CgroupLayoutTest {
  @TempDir Path tmp;

  private static String mount(String id, Path at, String type, String superOptions) {
    return id + " 30 0:" + id + " / " + at + " rw,relatime - " + type + " " + type + " " + superOptions;
  }

  @Test
  void aPureV2TreeHoldsEverySandboxToItsLimitsInOneCgroup() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("cgroup"));
    Files.writeString(root.resolve("cgroup.controllers"), "cpuset cpu io memory hugetlb pids rdma misc\n");
    Path own = Files.createDirectories(root.resolve("user.slice/term.scope"));
    Map<String, CgroupMounts.Hierarchy> found = CgroupMounts.choose(mount("40", root, "cgroup2", "rw,nsdelegate"),
        "0::/user.slice/term.scope\n");
    assertThat(found.keySet()).containsExactly("memory", "cpu", "pids");
    assertThat(found.values()).allSatisfy(h -> assertThat(h.version()).isEqualTo(2));
    assertThat(found.get("memory").own()).isEqualTo(own);
    Cgroups cgroups = Cgroups.of(found);
    assertThat(cgroups.describe()).isEqualTo("cgroup v2 (memory, cpu, pids)");
    assertThat(cgroups.problem(new ResourceLimits(2, 64, 100))).isEmpty();

    SandboxCgroup box = cgroups.create(new ResourceLimits(2, 64, 100));
    Path dir = box.dir("memory");
    assertThat(dir.getParent().getParent()).as("nested in this process's own cgroup").isEqualTo(own);
    assertThat(dir.getParent().getFileName().toString()).startsWith("template-studio-" + ProcessHandle.current().pid());
    assertThat(Files.readString(own.resolve("cgroup.subtree_control"))).isEqualTo("+memory +cpu +pids");
    assertThat(Files.readString(dir.getParent().resolve("cgroup.subtree_control"))).isEqualTo("+memory +cpu +pids");
    assertThat(Files.readString(dir.resolve("memory.max"))).isEqualTo(Long.toString(64L << 20));
    assertThat(Files.readString(dir.resolve("cpu.max"))).isEqualTo("200000 100000");
    assertThat(Files.readString(dir.resolve("pids.max"))).isEqualTo("100");
    assertThat(box.procsFiles()).containsExactly(dir.resolve("cgroup.procs").toString());

    Files.writeString(dir.resolve("memory.events"), "low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\n");
    Files.writeString(dir.resolve("pids.events"), "max 7\n");
    assertThat(box.oomKills()).isEqualTo(1);
    assertThat(box.processLimitHits()).isEqualTo(7);
  }

  @Test
  void whereItsOwnCgroupCannotEnableControllersTheParentGoesToTheRootOfTheTree() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("cgroup"));
    Files.writeString(root.resolve("cgroup.controllers"), "cpu memory pids\n");
    Path own = Files.createDirectories(root.resolve("system.slice/app.service"));
    // A folder where the file should be: writing it fails, as EBUSY does for a cgroup with processes.
    Files.createDirectories(own.resolve("cgroup.subtree_control"));
    Cgroups cgroups = Cgroups.of(CgroupMounts.choose(mount("40", root, "cgroup2", "rw"), "0::/system.slice/app.service"));
    SandboxCgroup box = cgroups.create(new ResourceLimits(null, null, 100));
    assertThat(box.dir("pids").getParent().getParent()).isEqualTo(root);
    assertThat(box.dir("memory")).as("memory limit or not, one v2 cgroup").isEqualTo(box.dir("pids"));
    assertThat(box.dir("pids").resolve("memory.max")).as("no memory limit asked for").doesNotExist();
  }

  @Test
  void v1HierarchiesBesideAnEmptyV2TreeAreTakenOnePerController() throws Exception {
    Path unified = Files.createDirectories(tmp.resolve("unified"));
    Files.writeString(unified.resolve("cgroup.controllers"), "hugetlb\n");
    Path memory = Files.createDirectories(tmp.resolve("memory/jobs/42"));
    Path cpu = Files.createDirectories(tmp.resolve("cpu,cpuacct"));
    Path pids = Files.createDirectories(tmp.resolve("pids"));
    String mountinfo = String.join("\n",
        mount("31", cpu, "cgroup", "rw,cpu,cpuacct"),
        mount("34", tmp.resolve("memory"), "cgroup", "rw,memory"),
        mount("38", pids, "cgroup", "rw,pids"),
        mount("40", unified, "cgroup2", "rw"),
        "22 1 0:21 / /proc rw - proc proc rw");
    String procCgroup = "8:pids:/\n4:memory:/jobs/42\n1:cpu,cpuacct:/\n0::/\n";
    Map<String, CgroupMounts.Hierarchy> found = CgroupMounts.choose(mountinfo, procCgroup);
    assertThat(found.values()).allSatisfy(h -> assertThat(h.version()).isEqualTo(1));
    assertThat(found.get("memory").own()).isEqualTo(memory);
    assertThat(found.get("cpu").own()).isEqualTo(cpu);
    Cgroups cgroups = Cgroups.of(found);
    assertThat(cgroups.describe()).isEqualTo("cgroup v1 (memory, cpu, pids)");

    SandboxCgroup box = cgroups.create(new ResourceLimits(1, 128, 50));
    assertThat(box.procsFiles()).hasSize(3);
    assertThat(box.dir("memory").getParent().getParent()).isEqualTo(memory);
    assertThat(Files.readString(box.dir("memory").resolve("memory.limit_in_bytes"))).isEqualTo(Long.toString(128L << 20));
    assertThat(Files.readString(box.dir("cpu").resolve("cpu.cfs_quota_us"))).isEqualTo("100000");
    assertThat(Files.readString(box.dir("cpu").resolve("cpu.cfs_period_us"))).isEqualTo("100000");
    assertThat(Files.readString(box.dir("pids").resolve("pids.max"))).isEqualTo("50");
    Files.writeString(box.dir("memory").resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
    assertThat(box.oomKills()).isEqualTo(2);
  }

  @Test
  void withoutAHierarchyOfAControllerItsLimitIsSaidToBeUnenforced() throws Exception {
    Path pids = Files.createDirectories(tmp.resolve("pids"));
    Cgroups cgroups = Cgroups.of(CgroupMounts.choose(mount("38", pids, "cgroup", "rw,pids"), "8:pids:/\n"));
    assertThat(cgroups.describe()).isEqualTo("cgroup v1 (pids)");
    assertThat(cgroups.problem(new ResourceLimits(null, null, 10))).isEmpty();
    assertThat(cgroups.problem(new ResourceLimits(2, 64, 10))).hasValue("no cgroup memory or cpu controller is mounted");
    assertThat(Cgroups.of(Map.of()).describe()).isEqualTo("none");
  }
}
