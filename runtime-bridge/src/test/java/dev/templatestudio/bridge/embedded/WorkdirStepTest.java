package dev.templatestudio.bridge.embedded;

import static dev.templatestudio.bridge.embedded.EngineFixture.assertReady;
import static dev.templatestudio.bridge.embedded.EngineFixture.build;
import static dev.templatestudio.bridge.embedded.EngineFixture.template;
import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.Ready;
import dev.templatestudio.bridge.template.Start;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.WorkdirStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** WORKDIR makes a folder that does not exist yet, as Docker's does. */
class WorkdirStepTest extends EngineTestBase {

  @Test
  void aNewWorkdirExistsForTheStartCommandAndForMachines() throws Exception {
    Template t = template("wd", new WorkdirStep("/srv/app"))
        .withStart(new Start("pwd > /tmp/where && sleep 30", new Ready.File("/tmp/where", 10)));
    String ref = assertReady(build(rt, t, Files.createDirectories(tmp.resolve("ctx"))));

    List<String> out = new ArrayList<>();
    int code = rt.run(ref, List.of("sh", "-c", "pwd; ls -ld /srv/app | cut -c1-10"),
        (stream, line) -> out.add(line));
    assertThat(code).isZero();
    assertThat(out).containsExactly("/srv/app", "drwxr-xr-x");
  }

  @Test
  void aMachineOfATemplateWithoutAStartCommandRunsTheCommandAtOnce() throws Exception {
    // A rootfs base gets the CMD /bin/sh, which is not a start command the machine must wait for.
    Path rootfs = BusyboxFixture.rootfs(tmp.resolve("rootfs"));
    Template t = Template.of(Base.image("rootfs:" + rootfs), List.of(new WorkdirStep("/srv")))
        .withName("no-start");
    String ref = assertReady(build(rt, t, ctx));
    List<String> out = new ArrayList<>();
    assertThat(rt.run(ref, List.of("sh", "-c", "pwd; exit 4"), (stream, line) -> out.add(line))).isEqualTo(4);
    assertThat(out).containsExactly("/srv");
  }

  @Test
  void anExistingWorkdirAddsNoLayer() throws Exception {
    Path ctx = Files.createDirectories(tmp.resolve("ctx"));
    String withTmp = assertReady(build(rt, template("wd-tmp", new WorkdirStep("/tmp")), ctx));
    String without = assertReady(build(rt, template("wd-none"), ctx));
    assertThat(layers(withTmp)).isEqualTo(layers(without));
    String withNew = assertReady(build(rt, template("wd-new", new WorkdirStep("/new")), ctx));
    assertThat(layers(withNew)).isEqualTo(layers(without) + 1);
  }

  private int layers(String ref) throws Exception {
    String digest = ref.substring(ref.indexOf('@') + 1);
    String manifest = new String(store.blobs().read(digest));
    return manifest.split("\"digest\"", -1).length - 2;  // one digest is the config's
  }
}
