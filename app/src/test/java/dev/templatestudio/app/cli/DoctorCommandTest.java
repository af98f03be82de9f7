package dev.templatestudio.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.host.FakeMachine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code doctor} on machines made of files: a fresh Debian 12 lists what it lacks, each with its
 * fix, and one command for them all; once that is installed nothing is missing (a stopped
 * engine and no display are said, not counted).
 */
class DoctorCommandTest {
  @TempDir Path tmp;

  private record Report(int exit, String text) {}

  private static Report report(FakeMachine machine) {
    StringWriter out = new StringWriter();
    int exit = DoctorCommand.report(machine.facts(), new PrintWriter(out));
    return new Report(exit, out.toString());
  }

  @Test
  void aFreshDebianListsWhatItLacksAndNothingOnceTheFixIsInstalled() throws Exception {
    String socket = "unix://" + tmp.resolve("docker.sock");
    FakeMachine machine = new FakeMachine(tmp.resolve("root")).env("DOCKER_HOST", socket);
    machine.delete("/usr/bin/mount");

    Report before = report(machine);
    assertThat(before.exit()).isEqualTo(1);
    assertThat(before.text()).isEqualTo("""
        Embedded runtime
          ok       root or user namespaces: running as root
          ok       overlayfs: Linux 6.1.0-18-amd64, mounted with userxattr
          ok       util-linux (every step): /usr/bin/unshare, /usr/bin/nsenter, /usr/bin/setpriv, /usr/sbin/pivot_root
          missing  the embedded runtime runs mount, umount for every step, and mount is not installed; fix: apt-get install mount
          ok       coreutils (unpacking layers): /usr/bin/env, /usr/bin/mknod, /usr/bin/mkfifo
          ok       perl-base (machines' exec agent): /usr/bin/perl
          ok       util-linux (a machine's own session): /usr/bin/setsid
          ok       cgroups: v2 (cpu, memory, pids)
          ok       e2fsprogs (export --ext4): /usr/sbin/mke2fs
        Docker runtime
          off      cannot reach the Docker Engine at SOCKET: No such file or directory; fix: start a Docker Engine on that socket (dockerd --host SOCKET)
        Studio window
          missing  the studio window needs GTK 3, and libgtk-3.so.0, libXtst.so.6 are not installed; fix: apt-get install libgtk-3-0 libxtst6
          off      no display to open the studio window on (DISPLAY and WAYLAND_DISPLAY are not set); fix: open it from a desktop session (or ssh -X); every subcommand works without one
          off      the window draws in software (libGL.so.1, libXxf86vm.so.1 are not installed); fix: apt-get install libgl1 libxxf86vm1
        Machine snapshots
          off      snapshot-on-ready would need CRIU, and criu is not installed; fix: apt-get install criu, then doctor says whether criu check passes here; warm pools (pool set REF --ready N) give ready machines without it
        2 missing; to fix them all: apt-get install mount libgtk-3-0 libxtst6
        """.replace("SOCKET", socket));

    machine.tool("/usr/bin/mount").file("/usr/lib/x86_64-linux-gnu/libgtk-3.so.0", "")
        .file("/usr/lib/x86_64-linux-gnu/libXtst.so.6", "");
    Report after = report(machine);
    assertThat(after.exit()).isZero();
    assertThat(after.text()).doesNotContain("  missing  ").endsWith("\nNothing is missing.\n");
  }

  @Test
  void onThisMachineTheExitCodeSaysWhetherALineIsMissing() {
    CliRunner r = CliRunner.run("doctor");
    assertThat(r.out()).startsWith("Embedded runtime\n").contains("\nDocker runtime\n", "\nStudio window\n")
        .containsPattern("\nMachine snapshots\n  (ok       CRIU \\(snapshot-on-ready\\): .*criu check: .*|off      (snapshot-on-ready would "
            + "need CRIU|criu check fails here \\(exit \\d+\\)).*)\n");
    assertThat(r.exitCode()).isEqualTo(r.out().contains("\n  missing  ") ? 1 : 0);
    assertThat(r.err()).isEmpty();
  }
}
