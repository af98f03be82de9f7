package dev.templatestudio.bridge.docker;

import static dev.templatestudio.bridge.embedded.EngineFixture.logText;
import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.Resources;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Template;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The template's resources reach the Docker Engine: its build steps' and machines' memory limit. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DockerResourcesTest {
  /** The memory limit a container sees, on cgroup v1 or v2. */
  private static final String SHOW_LIMIT =
      "cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max";
  @TempDir Path tmp;

  @Test
  void stepsAndMachinesGetTheTemplatesMemoryUnlessTheRunGivesOther() throws Exception {
    try (DockerRuntime rt = DockerRuntime.open(DockerEngineFixture.engine(), tmp.resolve("store"))) {
      Template t = Template.of(Base.image(DockerEngineFixture.BASE), List.of(
          new RunStep("echo " + UUID.randomUUID() + "; " + SHOW_LIMIT)))
          .withName("docker-sized").withResources(new Resources(1, 64));
      BuildHandle h = rt.build(BuildRequest.of(t, Files.createDirectories(tmp.resolve("ctx"))));
      BuildEvent end = h.result().get(240, TimeUnit.SECONDS);
      assertThat(end.status()).as("%s", end.message()).isEqualTo(BuildEvent.STATUS_READY);
      assertThat(logText(h)).contains(Long.toString(64L << 20));

      List<String> out = new CopyOnWriteArrayList<>();
      assertThat(rt.run("docker-sized", List.of("/bin/sh", "-c", SHOW_LIMIT), null, null, (s, l) -> out.add(l)))
          .isZero();
      assertThat(out).containsExactly(Long.toString(64L << 20));
      out.clear();
      assertThat(rt.run("docker-sized", List.of("/bin/sh", "-c", SHOW_LIMIT), null, new Resources(null, 128),
          (s, l) -> out.add(l))).isZero();
      assertThat(out).containsExactly(Long.toString(128L << 20));
    }
  }
}
