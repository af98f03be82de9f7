package dev.templatestudio.bridge.embedded;

import static dev.templatestudio.bridge.embedded.EngineFixture.assertReady;
import static dev.templatestudio.bridge.embedded.EngineFixture.build;
import static dev.templatestudio.bridge.embedded.EngineFixture.cacheOutcomes;
import static dev.templatestudio.bridge.embedded.EngineFixture.end;
import static dev.templatestudio.bridge.embedded.EngineFixture.events;
import static dev.templatestudio.bridge.embedded.EngineFixture.template;
import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.TemplateInfo;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.UserStep;
import dev.templatestudio.bridge.template.WorkdirStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real builds on the busybox rootfs: events, cache hits, reproducible refs, failures, secrets. */
class EmbeddedBuildTest extends EngineTestBase {

  @BeforeEach
  void setUp() throws Exception {
    Files.createDirectories(ctx.resolve("app"));
    Files.writeString(ctx.resolve("app/main.py"), "print('hi')\n");
  }

  private Template web() {
    return template("web",
        new RunStep("echo building; mkdir -p /opt && echo one > /opt/one"),
        new EnvStep(Map.of("GREETING", "hello")),
        new WorkdirStep("/srv"),
        new CopyStep(List.of("app/"), "/srv/app/"),
        new RunStep("cat /srv/app/main.py > /opt/copied; echo $GREETING > /opt/greeting; pwd > /opt/pwd"),
        new UserStep("app"),
        new RunStep("id -u > /tmp/uid"));
  }

  /**
   * A step that replaces a directory makes it opaque in its layer (overlayfs's mark, read without
   * any host tool): later steps see only the new contents, whether the layer is the step's own
   * upper dir or was unpacked again from its blob.
   */
  @Test
  void aDirectoryAStepReplacesHidesWhatWasBelowItInLaterStepsAndAfterUnpackingAgain() throws Exception {
    List<dev.templatestudio.bridge.template.Step> steps = new ArrayList<>(List.of(
        new RunStep("mkdir -p /srv/data && echo old > /srv/data/old"),
        new RunStep("rm -rf /srv/data && mkdir /srv/data && echo new > /srv/data/new"),
        new RunStep("echo listed: $(ls /srv/data)")));
    BuildHandle first = build(rt, template("replaced", steps.toArray(new dev.templatestudio.bridge.template.Step[0])), ctx);
    assertReady(first);
    assertThat(EngineFixture.logText(first)).contains("listed: new").doesNotContain("listed: new old");

    EngineFixture.layersAsTarFilesOnly(store);
    steps.add(new RunStep("echo again: $(ls /srv/data)"));
    BuildHandle second = build(rt, template("replaced", steps.toArray(new dev.templatestudio.bridge.template.Step[0])), ctx);
    assertReady(second);
    assertThat(cacheOutcomes(second).subList(1, 4)).as("the steps before the new one").containsOnly("hit");
    assertThat(EngineFixture.logText(second)).contains("again: new").doesNotContain("again: new old");
  }

  @Test
  void firstBuildMissesEverythingAndARebuildHitsEverythingWithTheSameRef() throws Exception {
    BuildHandle first = build(rt, web(), ctx);
    String ref = assertReady(first);
    assertThat(ref).matches("web@sha256:[0-9a-f]{64}");
    assertThat(cacheOutcomes(first)).hasSize(8).containsOnly("first build");
    assertThat(EngineFixture.logText(first)).contains("building");

    List<BuildEvent> all = first.events().after(0);
    for (int i = 0; i < all.size(); i++) {
      assertThat(all.get(i).seq()).isEqualTo(i + 1);
      assertThat(all.get(i).build()).isEqualTo(first.id());
    }
    assertThat(all.get(0).kind()).isEqualTo(BuildEvent.BUILD_START);
    assertThat(all.get(0).steps()).isEqualTo(7);
    assertThat(events(first, BuildEvent.STEP_START)).extracting(BuildEvent::message)
        .startsWith("FROM busybox")
        .anyMatch(m -> m.startsWith("RUN echo building"))
        .anyMatch(m -> m.startsWith("COPY") && m.contains("app/"))
        .anyMatch(m -> m.equals("USER app"));
    assertThat(events(first, BuildEvent.STEP_END)).hasSize(8).allMatch(e -> e.status().equals("done"));
    BuildEvent endEvent = end(first);
    assertThat(endEvent.cacheHits()).isZero();
    assertThat(endEvent.steps()).isEqualTo(7);

    BuildHandle second = build(rt, web(), ctx);
    assertThat(assertReady(second)).isEqualTo(ref);
    assertThat(cacheOutcomes(second)).hasSize(8).containsOnly("hit");
    assertThat(end(second).cacheHits()).isEqualTo(8);
    assertThat(events(second, BuildEvent.LOG)).isEmpty();

    BuildHandle third = build(rt, new BuildRequest(web(), ctx, null, List.of("v1"), true, null));
    assertThat(assertReady(third)).as("a --no-cache rebuild is reproducible").isEqualTo(ref);
    assertThat(cacheOutcomes(third)).containsOnly("--no-cache");

    List<TemplateInfo> templates = rt.templates();
    assertThat(templates).extracting(TemplateInfo::ref).contains(ref);
    assertThat(store.templates().resolve("web:v1").orElseThrow().ref()).isEqualTo(ref);
  }

  @Test
  void stepsSeeTheirEnvWorkdirUserAndCopiedFiles() throws Exception {
    String ref = assertReady(build(rt, web(), ctx));
    List<String> out = new ArrayList<>();
    int code = rt.run(ref, List.of("/bin/sh", "-c",
        "cat /opt/copied /opt/greeting /opt/pwd /tmp/uid; stat -c '%u %a' /srv/app/main.py"),
        (stream, line) -> out.add(line));
    assertThat(code).isZero();
    assertThat(out).containsExactly("print('hi')", "hello", "/srv", "1000", "0 644");
  }

  @Test
  void aFailingStepEndsTheBuildWithItsOutputTail() throws Exception {
    BuildHandle h = build(rt, template("broken", new RunStep("echo before"),
        new RunStep("echo something went wrong >&2; exit 3"), new RunStep("echo never")), ctx);
    BuildEvent e = end(h);
    assertThat(e.status()).isEqualTo(BuildEvent.STATUS_ERROR);
    assertThat(e.message()).contains("step 2", "exit code 3", "something went wrong");
    assertThat(events(h, BuildEvent.STEP_END)).extracting(BuildEvent::status)
        .containsExactly("done", "done", "error");
    assertThat(EngineFixture.logText(h)).doesNotContain("never");

    BuildHandle again = build(rt, template("broken", new RunStep("echo before"),
        new RunStep("echo fixed"), new RunStep("echo never")), ctx);
    assertReady(again);
    assertThat(cacheOutcomes(again)).containsExactly("hit", "hit",
        "command changed: echo something went wrong >&2; exit 3 -> echo fixed",
        "parent step 2 changed");
  }

  @Test
  void secretsAreMaskedInEveryEventAndNeverStored() throws Exception {
    Template t = template("secretive", new RunStep("echo token is $NPM_TOKEN; echo $NPM_TOKEN > /dev/null"))
        .withSecrets(List.of("NPM_TOKEN"));
    String secret = "s3cr3t-value-42";
    BuildHandle h = build(rt, new BuildRequest(t, ctx, null, null, false, Map.of("NPM_TOKEN", secret)));
    String ref = assertReady(h);
    assertThat(EngineFixture.logText(h)).contains("token is ***").doesNotContain(secret);
    assertThat(h.events().after(0).toString()).doesNotContain(secret);
    try (var files = Files.walk(store.root())) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        assertThat(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(secret);
      }
    }
    List<String> out = new ArrayList<>();
    rt.run(ref, List.of("/bin/sh", "-c", "echo [$NPM_TOKEN]"), (s, l) -> out.add(l));
    assertThat(out).containsExactly("[]");
  }

  @Test
  void buildsOnARootfsDirOrTarBaseAndNamesABaseChange() throws Exception {
    Path rootfs = BusyboxFixture.rootfs(tmp.resolve("rootfs"));
    Template onDir = Template.of(dev.templatestudio.bridge.template.Base.image("rootfs:" + rootfs),
        List.of(new RunStep("echo hi > /hi"))).withName("ondir");
    String ref = assertReady(build(rt, onDir, ctx));
    assertThat(cacheOutcomes(build(rt, onDir, ctx))).containsOnly("hit");
    Files.writeString(rootfs.resolve("etc/motd"), "changed\n");
    BuildHandle changed = build(rt, onDir, ctx);
    assertThat(assertReady(changed)).isNotEqualTo(ref);
    assertThat(cacheOutcomes(changed).get(0)).startsWith("base image content changed: sha256:");
    assertThat(cacheOutcomes(changed).get(1)).isEqualTo("parent step 0 (the base) changed");

    Path tar = BusyboxFixture.rootfsTar(tmp.resolve("t"), tmp.resolve("busybox.tar"));
    BuildHandle onTar = build(rt, onDir.withBase(dev.templatestudio.bridge.template.Base.image("rootfs:" + tar)), ctx);
    assertReady(onTar);
    assertThat(cacheOutcomes(onTar).get(0)).isEqualTo("base changed: rootfs:" + rootfs + " -> rootfs:" + tar);
  }

  @Test
  void aSymbolicLinkToARootfsFolderIsThatFolder() throws Exception {
    Path real = BusyboxFixture.rootfs(tmp.resolve("real-rootfs"));
    Path link = Files.createSymbolicLink(tmp.resolve("rootfs"), real);
    Template t = Template.of(dev.templatestudio.bridge.template.Base.image("rootfs:" + link),
        List.of(new RunStep("echo hi > /hi"))).withName("linked");
    String ref = assertReady(build(rt, t, ctx));
    List<String> out = new ArrayList<>();
    assertThat(rt.run(ref, List.of("cat", "/hi"), (s, l) -> out.add(l))).isZero();
    assertThat(out).containsExactly("hi");
  }

  @Test
  void anUnknownBaseTemplateIsOneClearError() throws Exception {
    Template t = Template.of(dev.templatestudio.bridge.template.Base.template("nope:1"), List.of(new RunStep("true")))
        .withName("x");
    BuildEvent e = end(build(rt, t, ctx));
    assertThat(e.status()).isEqualTo("error");
    assertThat(e.message()).startsWith("base template \"nope:1\" is not in the store");
  }

  @Test
  void anUnsupportedLayerEndsTheBuildWithItsSentenceOnly() throws Exception {
    byte[] zstd = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0, 0, 0, 0};
    Path layout = dev.templatestudio.bridge.embedded.image.UnsupportedImagesTest.layout(
        tmp.resolve("zstd-layout"), zstd, null);
    Template t = Template.of(dev.templatestudio.bridge.template.Base.image("oci-layout:" + layout + ":t"),
        List.of(new RunStep("true"))).withName("z");
    BuildEvent e = end(build(rt, t, ctx));
    assertThat(e.status()).isEqualTo("error");
    assertThat(e.message()).startsWith("zstd-compressed layers are not supported").doesNotContain("java.");
  }
}
