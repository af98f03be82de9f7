package dev.templatestudio.bridge.embedded.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.templatestudio.bridge.embedded.BusyboxFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxTest {
  @TempDir Path tmp;
  Path lower;
  Sandbox sandbox;

  @BeforeEach
  void rootfs() throws Exception {
    BusyboxFixture.require();
    dev.templatestudio.bridge.embedded.layer.HostRequirements.requireRoot("the sandbox mounts overlayfs");
    sandbox = Sandbox.detect();
    lower = BusyboxFixture.rootfs(tmp.resolve("layers/base"));
  }

  private SandboxSpec spec(List<String> cmd, Integer uid, String workdir) throws Exception {
    return new SandboxSpec(List.of(lower), Files.createDirectories(tmp.resolve("upper")),
        Files.createDirectories(tmp.resolve("work")), Files.createDirectories(tmp.resolve("merged")),
        cmd, Map.of("FOO", "bar", "PATH", "/bin"), uid, uid, workdir, false);
  }

  @Test
  void runsInTheImageAsItsUserAndCapturesChangesInTheUpperDir() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    SandboxProcess p = sandbox.start(spec(List.of("/bin/sh", "-c",
        "echo $FOO; id -u; pwd; echo $$; touch /tmp/made; rm /etc/hostname; echo oops >&2; exit 3"), 1000, "/tmp"),
        (stream, line) -> lines.add(stream + ":" + line));
    assertThat(p.waitFor()).isEqualTo(3);
    assertThat(lines).contains("stdout:bar", "stdout:1000", "stdout:/tmp", "stdout:1",
        "stderr:rm: can't remove '/etc/hostname': Permission denied", "stderr:oops");
    assertThat(tmp.resolve("upper/tmp/made")).exists();
    assertThat(Files.readString(Path.of("/proc/mounts"))).doesNotContain(tmp.toString());
  }

  @Test
  void theCommandGetsItsEnvironmentExactlyWhateverTheNames() throws Exception {
    Map<String, String> env = Map.of("PATH", "/bin", "M", "m", "WD", "wd", "ID", "id");
    SandboxSpec base = spec(List.of("/bin/sh", "-c", "echo \"$M $WD $ID ${OLDPWD-no OLDPWD}\""), 1000, "/tmp");
    SandboxSpec named = new SandboxSpec(base.lowers(), base.upper(), base.work(), base.merged(), base.command(),
        env, 1000, 1000, "/tmp", false);
    List<String> lines = new CopyOnWriteArrayList<>();
    assertThat(sandbox.start(named, (s, l) -> lines.add(l)).waitFor()).as("%s", lines).isZero();
    assertThat(lines).as("nothing of the host's setup, such as its OLDPWD").containsExactly("m wd id no OLDPWD");
  }

  @Test
  void aStackOfManyLayersMounts() throws Exception {
    List<Path> lowers = new java.util.ArrayList<>();
    for (int i = 0; i < 150; i++) {
      Path layer = Files.createDirectories(tmp.resolve("layers/" + "x".repeat(60) + i + "/layer" + i));
      Files.writeString(layer.resolve("f" + i), "");
      lowers.add(0, layer);
    }
    lowers.add(lower);
    SandboxSpec base = spec(List.of("/bin/sh", "-c", "ls / | grep -c '^f'"), null, "/");
    SandboxSpec many = new SandboxSpec(lowers, base.upper(), base.work(), base.merged(), base.command(),
        base.env(), null, null, "/", true);
    List<String> lines = new CopyOnWriteArrayList<>();
    assertThat(sandbox.start(many, (s, l) -> lines.add(l)).waitFor()).as("%s", lines).isZero();
    assertThat(lines).containsExactly("150");
  }

  @Test
  void withoutNetworkOnlyLoopbackExists() throws Exception {
    SandboxSpec shared = spec(List.of("/bin/sh", "-c", "tail -n +3 /proc/net/dev | cut -d: -f1"), null, "/");
    SandboxSpec isolated = new SandboxSpec(shared.lowers(), shared.upper(), shared.work(),
        shared.merged(), shared.command(), shared.env(), null, null, "/", false);
    List<String> lines = new CopyOnWriteArrayList<>();
    assertThat(sandbox.start(isolated, (s, l) -> lines.add(l.trim())).waitFor()).isZero();
    assertThat(lines).containsExactly("lo");
  }

  @Test
  void deletionsBecomeWhiteoutsInTheUpperDir() throws Exception {
    SandboxProcess p = sandbox.start(spec(List.of("/bin/rm", "/etc/hostname"), null, "/"), (s, l) -> { });
    assertThat(p.waitFor()).isZero();
    Path whiteout = tmp.resolve("upper/etc/hostname");
    assertThat(Files.exists(whiteout, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isTrue();
    assertThat(Files.isRegularFile(whiteout, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
  }

  @Test
  void whereItCannotWorkItSaysSoInOneSentenceNamingTheWayOut() {
    String os = System.getProperty("os.name");
    System.setProperty("os.name", "Mac OS X");
    try {
      org.assertj.core.api.Assertions.assertThatThrownBy(Sandbox::detect)
          .isInstanceOf(dev.templatestudio.bridge.build.RuntimeUnavailableException.class)
          .hasMessage("The embedded runtime builds only on Linux; use the remote runtime "
              + "(--runtime http://HOST:7433) or the docker runtime (--runtime docker) instead.");
    } finally {
      System.setProperty("os.name", os);
    }
  }

  @Test
  void killEndsTheWholeProcessTreeWithinASecond() throws Exception {
    SandboxProcess p = sandbox.start(spec(List.of("/bin/sh", "-c", "sleep 300 & sleep 301; wait"), null, "/"),
        (s, l) -> { });
    long init = -1;
    for (long deadline = System.nanoTime() + 10_000_000_000L; init <= 0 && System.nanoTime() < deadline; ) {
      Thread.sleep(20);
      init = p.initPid();
    }
    assertThat(init).isPositive();
    Path pidNamespace = Files.readSymbolicLink(Path.of("/proc/" + init + "/ns/pid"));
    // The command runs once the sandbox has entered its root: wait for both sleeps.
    for (long deadline = System.nanoTime() + 10_000_000_000L;
        inNamespace(pidNamespace).size() < 3 && System.nanoTime() < deadline; ) {
      Thread.sleep(20);
    }
    assertThat(inNamespace(pidNamespace)).as("init and both sleeps").hasSizeGreaterThanOrEqualTo(3);
    long start = System.nanoTime();
    p.kill();
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
    assertThat(SandboxProcess.isRunning(init)).isFalse();
    assertThat(inNamespace(pidNamespace)).isEmpty();
    assertThat(Files.readString(Path.of("/proc/mounts"))).doesNotContain(tmp.toString());
  }

  /** Live (non-zombie) processes in the given pid namespace. */
  private static List<Long> inNamespace(Path pidNamespace) throws Exception {
    List<Long> pids = new java.util.ArrayList<>();
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path p : (Iterable<Path>) procs::iterator) {
        String name = p.getFileName().toString();
        if (!name.matches("\\d+")) {
          continue;
        }
        try {
          if (Files.readSymbolicLink(p.resolve("ns/pid")).equals(pidNamespace)
              && SandboxProcess.isRunning(Long.parseLong(name))) {
            pids.add(Long.parseLong(name));
          }
        } catch (java.io.IOException gone) {
          // The process ended while we looked.
        }
      }
    }
    return pids;
  }

  /** A build that cannot start says what doctor says of the missing thing, fix included. */
  @Test
  void aMachineWithoutOverlayfsIsRefusedWithDoctorsSentence(@TempDir Path machineRoot) throws Exception {
    dev.templatestudio.bridge.host.HostFacts host = new dev.templatestudio.bridge.host.FakeMachine(machineRoot)
        .file("/proc/filesystems", "nodev\tproc\n\text4\n").facts();
    String doctor = dev.templatestudio.bridge.host.EmbeddedNeeds.all(host).stream()
        .filter(n -> n.subject().equals("overlayfs")).findFirst().orElseThrow().sentence();
    assertThatThrownBy(() -> Sandbox.detect(host))
        .isInstanceOf(dev.templatestudio.bridge.build.RuntimeUnavailableException.class)
        .hasMessage("The embedded runtime cannot build here: " + doctor + "; or use the remote runtime "
            + "(--runtime http://HOST:7433) or the docker runtime (--runtime docker) instead.");
  }
}
