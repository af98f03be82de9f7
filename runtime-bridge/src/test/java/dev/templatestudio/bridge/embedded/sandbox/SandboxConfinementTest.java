package dev.templatestudio.bridge.embedded.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.embedded.BusyboxFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A root step that sets out to leave its sandbox, on an engine running as root: it stays in its
 * image (pivot_root, not chroot) with Docker's default capabilities (no CAP_SYS_ADMIN).
 */
class SandboxConfinementTest {
  /** Docker's default bounding set: CHOWN … SETFCAP, without SYS_ADMIN (bit 21). */
  private static final long DOCKER_DEFAULT = 0xa80425fbL;

  @TempDir Path tmp;
  Path busybox;
  Path marker;
  Sandbox sandbox;

  @BeforeEach
  void rootfs() throws Exception {
    BusyboxFixture.require();
    dev.templatestudio.bridge.embedded.layer.HostRequirements.requireRoot("the sandbox mounts overlayfs");
    sandbox = Sandbox.detect();
    busybox = BusyboxFixture.rootfs(tmp.resolve("layers/base"));
    // On the host, outside the store: what an escaped step would read.
    marker = Files.createTempFile(Path.of("/var/tmp"), "escape-marker", ".txt");
    Files.writeString(marker, "host secret " + UUID.randomUUID());
  }

  @AfterEach
  void removeMarker() throws Exception {
    Files.deleteIfExists(marker);
  }

  private List<String> runAsRoot(List<Path> lowers, String script) throws Exception {
    return runAsRoot(lowers, List.of("/bin/sh", "-c", script));
  }

  private List<String> runAsRoot(List<Path> lowers, List<String> command) throws Exception {
    String name = "box" + UUID.randomUUID();
    SandboxSpec spec = new SandboxSpec(lowers, Files.createDirectories(tmp.resolve(name + "/upper")),
        Files.createDirectories(tmp.resolve(name + "/work")), Files.createDirectories(tmp.resolve(name + "/merged")),
        command, Map.of("PATH", "/usr/bin:/bin"), null, null, "/", false);
    List<String> lines = new CopyOnWriteArrayList<>();
    try (SandboxProcess p = sandbox.start(spec, (stream, line) -> lines.add(line))) {
      p.waitFor();
    }
    return lines;
  }

  /** The classic escape: chroot into a subdir, keep the working dir outside it, climb, chroot there. */
  @Test
  void aSecondChrootAndCdDotDotStayInTheImage() throws Exception {
    Path perl = HostBinary.layer(Path.of("/usr/bin/perl"), tmp.resolve("layers/perl"));
    String escape = "mkdir 'x'; chroot 'x' or die 'chroot: ' . $!; chdir '..' for 1 .. 64; chroot '.' or die $!;"
        + " if (open(F, '<', $ARGV[0])) { print 'escaped: ', <F>, \"\\n\" } else { print \"confined: $!\\n\" }";
    List<String> lines = runAsRoot(List.of(perl, busybox), List.of("perl", "-e", escape, marker.toString()));
    assertThat(lines).as("%s", lines).containsExactly("confined: No such file or directory");
    assertThat(String.join("\n", lines)).doesNotContain(Files.readString(marker));
  }

  @Test
  void mountingATmpfsOrTheHostsDiskIsRefused() throws Exception {
    // The disk the JDK is installed on: the store may be on a tmpfs, the JDK is not.
    long dev = (long) Files.getAttribute(Path.of(System.getProperty("java.home")), "unix:dev");
    long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
    long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
    List<String> lines = runAsRoot(List.of(busybox), String.join("\n",
        "mount -t tmpfs t /tmp && echo tmpfs mounted",
        "mknod /tmp/disk b " + major + " " + minor + " && echo node made",
        "mkdir -p /mnt/disk; mount -o ro /tmp/disk /mnt/disk && echo disk mounted",
        "head -c 512 /tmp/disk > /dev/null && echo disk read",
        "echo done"));
    assertThat(lines).as("%s", lines).contains("node made", "done")
        .doesNotContain("tmpfs mounted", "disk mounted", "disk read");
    assertThat(major).as("the JDK is on a block device here").isNotZero();
  }

  @Test
  void theBoundingSetIsDockersDefaultWithoutSysAdmin() throws Exception {
    List<String> lines = runAsRoot(List.of(busybox), "grep -E '^Cap(Bnd|Eff|Inh)' /proc/self/status");
    assertThat(lines).hasSize(3);
    for (String line : lines) {
      long caps = Long.parseLong(line.replaceFirst("^\\w+:\\s*", ""), 16);
      assertThat(caps & (1L << 21)).as(line).isZero();
      assertThat(caps).as(line).isEqualTo(line.startsWith("CapInh") ? 0 : DOCKER_DEFAULT);
    }
  }

  @Test
  void theHostsKernelSettingsAreReadOnly() throws Exception {
    List<String> lines = runAsRoot(List.of(busybox), String.join("\n",
        "echo '|/tmp/x' > /proc/sys/kernel/core_pattern && echo sysctl written",
        "echo h > /proc/sysrq-trigger && echo sysrq written",
        "echo done"));
    assertThat(lines).as("%s", lines).contains("done").doesNotContain("sysctl written", "sysrq written");
  }

  /** Not chrooted, the step may make a user namespace (rootless tools in a build do). */
  @Test
  void aStepMayMakeAUserNamespace() throws Exception {
    List<String> lines = runAsRoot(List.of(busybox), "unshare -U -r id -u && echo made");
    assertThat(lines).as("%s", lines).containsExactly("0", "made");
  }

  /** A command run into a running sandbox (run, ready checks) is held the same way. */
  @Test
  void aCommandRunIntoTheSandboxHasDockersCapabilitiesAndItsRoot() throws Exception {
    SandboxSpec spec = new SandboxSpec(List.of(busybox), Files.createDirectories(tmp.resolve("m/upper")),
        Files.createDirectories(tmp.resolve("m/work")), Files.createDirectories(tmp.resolve("m/merged")),
        List.of("/bin/sh", "-c", "echo up; exec sleep 60"), Map.of("PATH", "/bin"), null, null, "/tmp", false);
    List<String> up = new CopyOnWriteArrayList<>();
    try (SandboxProcess machine = sandbox.start(spec, (stream, line) -> up.add(line))) {
      for (long deadline = System.nanoTime() + 20_000_000_000L; !up.contains("up") && System.nanoTime() < deadline; ) {
        Thread.sleep(20);
      }
      assertThat(up).containsExactly("up");
      List<String> lines = new CopyOnWriteArrayList<>();
      try (SandboxProcess exec = sandbox.enter(machine, List.of("/bin/sh", "-c",
          "pwd; id -u; grep CapBnd /proc/self/status; ls /; cat " + marker + " || echo confined"),
          Map.of("PATH", "/bin"), null, null, null, (stream, line) -> {
            // cat's complaint comes on stderr, whose lines may come before or after stdout's.
            if (String.valueOf(stream).equals("stdout")) {
              lines.add(line);
            }
          })) {
        assertThat(exec.waitFor()).as("%s", lines).isZero();
      }
      assertThat(lines).as("%s", lines).startsWith("/tmp", "0", "CapBnd:\t00000000a80425fb").endsWith("confined")
          .contains("bin", "etc").doesNotContain(Files.readString(marker));
    }
  }

  /** dpkg and script open ptys: the sandbox has a devpts of its own. */
  @Test
  void aStepOpensAPty() throws Exception {
    List<String> lines = runAsRoot(List.of(busybox), String.join("\n",
        "test -c /dev/pts/ptmx && echo ptmx",
        "exec 7<>/dev/ptmx && ls /dev/pts"));
    assertThat(lines).as("%s", lines).containsExactly("ptmx", "0", "ptmx");
  }

  /** A host executable and the shared libraries it loads, copied into a layer at their paths. */
  static final class HostBinary {
    static Path layer(Path binary, Path layer) throws Exception {
      Process ldd = new ProcessBuilder("ldd", binary.toString()).redirectErrorStream(true).start();
      String out = new String(ldd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(ldd.waitFor()).as(out).isZero();
      List<Path> files = new ArrayList<>(List.of(binary));
      for (String line : out.split("\n")) {
        String path = line.replaceFirst("^.*=>\\s*", "").trim().replaceFirst("\\s*\\(0x[0-9a-f]+\\)$", "").trim();
        if (path.startsWith("/")) {
          files.add(Path.of(path));
        }
      }
      for (Path file : files) {
        Path target = layer.resolve(file.toString().substring(1));
        Files.createDirectories(target.getParent());
        Files.copy(file, target);
        Files.setAttribute(target, "unix:mode", 0755);
      }
      return layer;
    }
  }
}
