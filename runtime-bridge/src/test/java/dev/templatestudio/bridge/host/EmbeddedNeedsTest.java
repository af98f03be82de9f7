package dev.templatestudio.bridge.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the embedded runtime needs, read from machines made of files: what is there, and the fix for what is not. */
class EmbeddedNeedsTest {
  @TempDir Path tmp;
  FakeMachine machine;

  @BeforeEach
  void debian() throws Exception {
    machine = new FakeMachine(tmp);
  }

  private Need need(String subjectStart) {
    return EmbeddedNeeds.all(machine.facts()).stream().filter(n -> n.subject().startsWith(subjectStart))
        .findFirst().orElseThrow();
  }

  @Test
  void aDebianMachineAsRootHasEverything() {
    List<Need> all = EmbeddedNeeds.all(machine.facts());
    assertThat(all).allMatch(n -> n.state() == Need.State.OK);
    assertThat(all).extracting(n -> n.subject() + ": " + n.detail()).containsExactly(
        "root or user namespaces: running as root",
        "overlayfs: Linux 6.1.0-18-amd64, mounted with userxattr",
        "util-linux (every step): /usr/bin/unshare, /usr/bin/nsenter, /usr/bin/setpriv, /usr/sbin/pivot_root",
        "mount (every step): /usr/bin/mount, /usr/bin/umount",
        "coreutils (unpacking layers): /usr/bin/env, /usr/bin/mknod, /usr/bin/mkfifo",
        "perl-base (machines' exec agent): /usr/bin/perl",
        "util-linux (a machine's own session): /usr/bin/setsid",
        "cgroups: v2 (cpu, memory, pids)",
        "e2fsprogs (export --ext4): /usr/sbin/mke2fs");
  }

  @Test
  void withoutRootUserNamespacesDoAndTheSwitchThatForbidsThemIsNamed() throws Exception {
    machine.uid(1000);
    assertThat(need("root").state()).isEqualTo(Need.State.OK);
    assertThat(need("root").detail()).isEqualTo("running as uid 1000 in unprivileged user namespaces");

    machine.file("/proc/sys/kernel/unprivileged_userns_clone", "0");
    assertThat(need("root").sentence()).isEqualTo("the embedded runtime needs root or unprivileged user "
        + "namespaces, and uid 1000 has neither (kernel.unprivileged_userns_clone is 0); fix: sudo sysctl -w "
        + "kernel.unprivileged_userns_clone=1, or run template-studio as root");
    machine.file("/proc/sys/kernel/unprivileged_userns_clone", "1")
        .file("/proc/sys/kernel/apparmor_restrict_unprivileged_userns", "1");
    assertThat(need("root").fix()).startsWith("sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0");
  }

  @Test
  void overlayfsMustBeInTheKernelAndNewEnoughForUserxattr() throws Exception {
    machine.file("/proc/filesystems", "nodev\tsysfs\n\text4\n");
    assertThat(need("overlayfs").sentence()).isEqualTo("overlayfs, which every build step runs on, is not in this "
        + "kernel's file systems (/proc/filesystems); fix: modprobe overlay");

    machine.file("/proc/filesystems", "nodev\toverlay\n").file("/proc/sys/kernel/osrelease", "5.10.0-28-amd64");
    assertThat(need("overlayfs").state()).isEqualTo(Need.State.MISSING);
    assertThat(need("overlayfs").detail()).isEqualTo("Linux 5.10.0-28-amd64 cannot mount overlayfs with userxattr "
        + "(5.11 or later can)");
    machine.file("/proc/sys/kernel/osrelease", "5.11.0");
    assertThat(need("overlayfs").state()).isEqualTo(Need.State.OK);
  }

  @Test
  void cgroupsSayWhichVersionAndWhatIsMissing() throws Exception {
    machine.file("/proc/mounts", "tmpfs /sys/fs/cgroup tmpfs rw 0 0\n"
        + "cgroup /sys/fs/cgroup/cpu cgroup rw,relatime,cpu 0 0\n"
        + "cgroup /sys/fs/cgroup/memory cgroup rw,relatime,memory 0 0\n"
        + "cgroup /sys/fs/cgroup/pids cgroup rw,relatime,pids 0 0\n"
        + "cgroup2 /sys/fs/cgroup/unified cgroup2 rw,nosuid 0 0\n");
    assertThat(need("cgroups").detail()).isEqualTo("v1 (cpu, memory, pids), with an empty v2 at /sys/fs/cgroup/unified");

    machine.file("/proc/mounts", "cgroup2 /sys/fs/cgroup cgroup2 rw 0 0\n")
        .file("/sys/fs/cgroup/cgroup.controllers", "cpuset cpu io pids");
    assertThat(need("cgroups").sentence()).isEqualTo("cgroups v2 lack the memory controller(s) a template's "
        + "resources need; fix: boot Linux with cgroup_enable=memory on its command line");

    machine.file("/proc/mounts", "proc /proc proc rw 0 0\n");
    assertThat(need("cgroups").fix()).isEqualTo("mount -t cgroup2 none /sys/fs/cgroup");
  }

  @Test
  void aMissingToolIsNamedWithItsDebianPackage() throws Exception {
    machine.delete("/usr/bin/nsenter").delete("/usr/bin/mount").uid(1000);
    assertThat(need("util-linux").sentence()).isEqualTo("the embedded runtime runs unshare, nsenter, setpriv, "
        + "pivot_root for every step, and nsenter is not installed; fix: sudo apt-get install util-linux");
    assertThat(Need.fixAll(EmbeddedNeeds.all(machine.facts())))
        .containsExactly("sudo apt-get install util-linux mount");
  }

  @Test
  void withoutPerlOrSetsidMachinesLackTheirAgentAndSessionAndTheFixSaysSo() throws Exception {
    machine.delete("/usr/bin/perl").delete("/usr/bin/setsid");
    assertThat(need("perl-base").sentence()).isEqualTo("the embedded runtime runs perl for machines' exec agent, "
        + "and perl is not installed; fix: apt-get install perl-base");
    assertThat(need("util-linux (a machine").state()).isEqualTo(Need.State.MISSING);
    assertThat(Need.fixAll(EmbeddedNeeds.all(machine.facts()))).containsExactly("apt-get install perl-base util-linux");
  }

  @Test
  void theSandboxNeedsAreTheOnesABuildCannotStartWithout() {
    assertThat(EmbeddedNeeds.sandbox(machine.facts())).extracting(Need::subject).containsExactly(
        "root or user namespaces", "overlayfs", "util-linux (every step)", "mount (every step)");
  }
}
