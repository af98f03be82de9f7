package dev.templatestudio.bridge.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without root the sandbox uses a user namespace (overlayfs with userxattr): a real build and
 * machine as user nobody, in a child JVM whose class path is copied where nobody can read it.
 * Nobody may make no cgroup here, so the build says once that its limits are not enforced.
 */
class RootlessBuildTest {
  @TempDir Path tmp;

  @Test
  void buildsAndRunsAsAnUnprivilegedUser() throws Exception {
    BusyboxFixture.require();
    dev.templatestudio.bridge.embedded.layer.HostRequirements.requireRoot("to become nobody");
    assertThat(Integer.parseInt(Files.readString(Path.of("/proc/sys/user/max_user_namespaces")).trim()))
        .as("unprivileged user namespaces are off here: sysctl -w user.max_user_namespaces=15000").isPositive();
    Path cp = Files.createDirectories(tmp.resolve("cp"));
    List<String> entries = new ArrayList<>();
    int n = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path source = Path.of(entry);
      if (!Files.exists(source)) {
        continue;
      }
      Path copy = cp.resolve("e" + (n++) + (Files.isDirectory(source) ? "" : ".jar"));
      new ProcessBuilder("cp", "-r", source.toString(), copy.toString()).start().waitFor();
      entries.add(copy.toString());
    }
    Path work = Files.createDirectories(tmp.resolve("work"));
    new ProcessBuilder("chown", "-R", "65534:65534", work.toString()).start().waitFor();
    new ProcessBuilder("chmod", "-R", "a+rX", tmp.toString()).start().waitFor();
    Process child = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", String.join(File.pathSeparator, entries), RootlessMain.class.getName(), work.toString())
        .redirectErrorStream(true).start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(out).contains("END ready").contains("MOUNTS bound*** 0");
    assertThat(out.lines().filter(l -> l.startsWith("WARN resource limits are not enforced: ")))
        .as("%s", out).hasSize(1);
    assertThat(out).contains("LIMITED 0 template-studio: warning: resource limits are not enforced: ");
    assertThat(out).containsPattern("RUN 0 x\\|ls: /etc/hostname: No such file or directory\\|0");
    assertThat(Files.readString(Path.of("/proc/mounts"))).doesNotContain(work.toString());
  }
}
