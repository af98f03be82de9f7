package dev.templatestudio.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.templatestudio.bridge.embedded.bench.BusyboxImage;
import dev.templatestudio.bridge.embedded.sandbox.Cgroups;
import dev.templatestudio.bridge.embedded.sandbox.ResourceLimits;
import dev.templatestudio.bridge.embedded.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --cpus} and {@code --memory-mb} on build and run override the template's resources. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ResourceOptionsCliTest {
  private static final String ALLOCATE_200_MB = "dd if=/dev/zero of=/dev/null bs=200M count=1";
  @TempDir Path tmp;

  private Path template(String command, String resources) throws Exception {
    return Files.writeString(tmp.resolve("hungry.template.json"), """
        {"schema": "template-studio/v1", "name": "hungry", "base": {"template": "busybox"},
         %s
         "steps": [{"type": "run", "command": "echo fits"}, {"type": "run", "command": "%s"}]}
        """.formatted(resources, command));
  }

  private CliRunner cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(1, List.of("--store", tmp.resolve("store").toString()));
    return CliRunner.run(all.toArray(String[]::new));
  }

  @Test
  void valuesNoTemplateCouldHaveAreBadUsage() throws Exception {
    Path file = template("true", "");
    CliRunner r = cli("build", file.toString(), "--memory-mb", "10");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("template-studio: --memory-mb 10: give megabytes from 64 to 1048576\n");
    r = cli("run", "hungry", "--cpus", "0", "--", "true");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("template-studio: --cpus 0: give a whole number of CPUs from 1 to 256\n");
  }

  @Test
  void buildAndRunFlagsOverrideTheTemplatesMemory() throws Exception {
    assumeTrue(BusyboxImage.available(), "busybox-static is not installed");
    assumeTrue(dev.templatestudio.bridge.embedded.layer.HostTools.isRoot(), "the sandbox tests run as root");
    assumeTrue(Cgroups.host().problem(ResourceLimits.NONE).isEmpty(), "this machine has no usable cgroups");
    BusyboxImage.seed(Store.open(tmp.resolve("store")), tmp);
    Path file = template(ALLOCATE_200_MB, "\"resources\": {\"memoryMb\": 1024},");

    CliRunner r = cli("build", file.toString(), "--memory-mb", "64");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    assertThat(r.err()).startsWith("template-studio: the build failed: step 2 ran out of its 64 MB of memory");

    r = cli("build", file.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    r = cli("run", "hungry", "--memory-mb", "64", "--", "/bin/sh", "-c", ALLOCATE_200_MB);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("template-studio: the machine ran out of its 64 MB of memory "
        + "(the command exited with code 137)\n");
    r = cli("run", "hungry", "--cpus", "1", "--", "/bin/sh", "-c", ALLOCATE_200_MB + " 2>/dev/null && echo done");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("done\n");
  }
}
