package dev.templatestudio.bridge.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.runtimes.Runtimes;
import dev.templatestudio.bridge.embedded.BusyboxFixture;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.WorkdirStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same template means the same on the embedded and the docker runtime (which builds from
 * the rendered Dockerfile, so Docker itself expands it): variables in env values, workdir,
 * copy destination and build envs, and runtime envs inherited from a base template.
 */
class RuntimeParityTest {
  @TempDir Path tmp;

  @Test
  void variablesAndInheritedRuntimeEnvsMeanTheSameOnBothRuntimes() throws Exception {
    BusyboxFixture.require();
    Path ctx = Files.createDirectories(tmp.resolve("ctx/site"));
    Files.writeString(ctx.resolve("index.html"), "hi\n");
    Path rootfs = BusyboxFixture.rootfs(tmp.resolve("rootfs"));
    List<String> embedded;
    try (Runtime rt = Runtimes.open("embedded", tmp.resolve("embedded-store"))) {
      embedded = outputs(rt, Base.image("rootfs:" + rootfs), ctx.getParent());
    }
    List<String> docker;
    try (Runtime rt = DockerRuntime.open(DockerEngineFixture.engine(), tmp.resolve("docker-store"))) {
      docker = outputs(rt, Base.image(DockerEngineFixture.BASE), ctx.getParent());
    }
    assertThat(embedded).containsExactly(
        "OUT P=/opt/bin:/usr/sbin:/usr/bin:/sbin:/bin E=$literal D=dflt S=set B=back\\slash M=/srv/app/m "
            + "W=/srv/app/x L=index.html",
        "OUT child [] P=/opt/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "demo /opt/bin:/usr/sbin:/usr/bin:/sbin:/bin $literal []",
        "/srv/app/x");
    assertThat(docker).isEqualTo(embedded);
  }

  /** The build output lines starting with OUT of a parent and a child template, then a run of the child. */
  private static List<String> outputs(Runtime rt, Base base, Path ctx) throws Exception {
    Template parent = Template.of(base, List.<Step>of(
        new EnvStep(vars("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")),
        new WorkdirStep("$APPDIR/x"),
        new EnvStep(vars("P", "/opt/bin:$PATH", "E", "\\$literal", "D", "${NOPE:-dflt}", "S", "${APPDIR:+set}",
            "B", "back\\slash")),
        new CopyStep(List.of("site/"), "$APPDIR/site/"),
        new RunStep("echo \"OUT P=$P E=$E D=$D S=$S B=$B M=$M W=$(pwd) L=$(ls $APPDIR/site)\"")))
        .withName("parity-parent").withBuildEnvs(vars("APPDIR", "/srv/app", "M", "${APPDIR}/m"))
        .withRuntimeEnvs(vars("APP_ENV", "demo"));
    Template child = Template.of(Base.template("parity-parent"),
        List.<Step>of(new RunStep("echo \"OUT child [$APP_ENV] P=$P\""))).withName("parity-child");
    List<String> out = new ArrayList<>();
    for (Template t : List.of(parent, child)) {
      // Without the cache: Docker's outlives the test, and a cached step prints nothing.
      BuildHandle h = rt.build(new BuildRequest(t, ctx, null, null, true, null));
      BuildEvent end = h.result().get(180, TimeUnit.SECONDS);
      assertThat(end.status()).as("%s: %s", t.name(), end.message()).isEqualTo(BuildEvent.STATUS_READY);
      h.events().after(0).stream().filter(e -> BuildEvent.LOG.equals(e.kind()) && e.message().startsWith("OUT "))
          .forEach(e -> out.add(e.message()));
    }
    List<String> lines = new CopyOnWriteArrayList<>();
    rt.run("parity-child", List.of("/bin/sh", "-c", "echo \"$APP_ENV $P $E [$APPDIR]\"; pwd"), (s, l) -> lines.add(l));
    out.addAll(lines);
    return out;
  }

  private static Map<String, String> vars(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }
}
