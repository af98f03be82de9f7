package dev.templatestudio.bridge.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BusyboxFixtureTest {
  @TempDir Path tmp;

  @Test
  void rootfsRunsItsShellUnderChroot() throws Exception {
    BusyboxFixture.require();
    Path root = BusyboxFixture.rootfs(tmp.resolve("root"));
    assertThat(root.resolve("bin/sh")).isSymbolicLink();
    assertThat(Files.readString(root.resolve("etc/passwd"))).startsWith("root:x:0:0:");
    dev.templatestudio.bridge.embedded.layer.HostRequirements.requireRoot("chroot");
    Process p = new ProcessBuilder(List.of("/usr/sbin/chroot", root.toString(), "/bin/sh", "-c", "echo hi; id -u"))
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(out).isEqualTo("hi\n0\n");
  }

  @Test
  void tarHoldsTheSameTree() throws Exception {
    BusyboxFixture.require();
    Path tar = BusyboxFixture.rootfsTar(tmp, tmp.resolve("busybox.tar"));
    Process p = new ProcessBuilder(List.of("tar", "-tf", tar.toString())).start();
    String listing = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(10, TimeUnit.SECONDS);
    assertThat(listing).contains("./bin/busybox", "./bin/sh", "./etc/passwd", "./tmp/");
  }
}
