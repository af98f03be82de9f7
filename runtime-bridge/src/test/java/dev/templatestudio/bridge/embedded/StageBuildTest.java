package dev.templatestudio.bridge.embedded;

import static dev.templatestudio.bridge.embedded.EngineFixture.BUSYBOX;
import static dev.templatestudio.bridge.embedded.EngineFixture.assertReady;
import static dev.templatestudio.bridge.embedded.EngineFixture.build;
import static dev.templatestudio.bridge.embedded.EngineFixture.end;
import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.EventJournal;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Stage;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Build stages on the embedded runtime, built for real from the busybox base: the stages the
 * final stage needs and no other, in dependency order with independent ones at the same time,
 * COPY --from a stage and an image, a base naming a stage, cache hits and miss reasons for
 * every stage step, the stage on every stage event, secrets in stage steps, and the shell.
 */
class StageBuildTest extends EngineTestBase {

  private List<String> runIn(String ref, String command) throws Exception {
    List<String> out = new ArrayList<>();
    assertThat(rt.run(ref, List.of("/bin/sh", "-c", command), (s, l) -> out.add(l))).isZero();
    return out;
  }

  /** The event as the CLI's jsonl progress and the journals write it. */
  private static String json(BuildEvent e) {
    try {
      return new String(EventJournal.line(e), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException x) {
      throw new java.io.UncheckedIOException(x);
    }
  }

  private static Stage stage(String name, Base base, Step... steps) {
    return new Stage(name, base, List.of(steps));
  }

  private static CopyStep copyFrom(String stage, String source, String dest) {
    return new CopyStep(List.of(source), dest, null, null, Base.stage(stage), false);
  }

  /** Each stage step's cache event, as "STAGE/STEP hit" or "STAGE/STEP reason"; the final stage as "-/STEP". */
  private static List<String> outcomes(BuildHandle h) {
    return h.events().after(0).stream()
        .filter(e -> e.kind().equals(BuildEvent.CACHE_HIT) || e.kind().equals(BuildEvent.CACHE_MISS))
        .map(e -> (e.stage() == null ? "-" : e.stage()) + "/" + e.step() + " "
            + (e.kind().equals(BuildEvent.CACHE_HIT) ? "hit" : e.reason()))
        .sorted().collect(Collectors.toList());
  }

  private Template twoStages(String toolCommand) {
    return Template.of(BUSYBOX, List.of(
            copyFrom("tools", "/out/tool.txt", "/app/"),
            copyFrom("lib", "/lib.txt", "/app/lib.txt"),
            new RunStep("cat /app/tool.txt /app/lib.txt > /app/both.txt")))
        .withName("staged")
        .withStages(List.of(
            stage("tools", BUSYBOX, new RunStep("mkdir -p /out"), new RunStep(toolCommand)),
            stage("lint", BUSYBOX, new RunStep("echo never built; exit 9")),
            stage("lib", BUSYBOX, new RunStep("echo lib > /lib.txt"))));
  }

  @Test
  void buildsTheNeededStagesCopiesFromThemAndRebuildsFromTheCache() throws Exception {
    BuildHandle first = build(rt, BuildRequest.of(twoStages("echo tool v1 > /out/tool.txt"), ctx));
    String ref = assertReady(first);
    assertThat(runIn(ref, "cat /app/both.txt; ls /app")).containsExactly("tool v1", "lib", "both.txt",
        "lib.txt", "tool.txt");
    List<BuildEvent> events = first.events().after(0);
    assertThat(events).extracting(BuildEvent::stage).as("an unused stage is not built")
        .doesNotContain("lint").contains("tools", "lib", null);
    assertThat(events.stream().filter(e -> "tools".equals(e.stage()) && e.kind().equals(BuildEvent.STEP_START))
        .map(e -> e.step() + "/" + e.steps() + " " + e.message()))
        .containsExactly("0/2 FROM busybox", "1/2 RUN mkdir -p /out", "2/2 RUN echo tool v1 > /out/tool.txt");
    assertThat(events.stream().filter(e -> e.stage() == null && e.kind().equals(BuildEvent.STEP_START))
        .map(BuildEvent::message)).containsExactly("FROM busybox", "COPY --from=tools /out/tool.txt /app/",
        "COPY --from=lib /lib.txt /app/lib.txt", "RUN cat /app/tool.txt /app/lib.txt > /app/both.txt");
    BuildEvent buildEnd = end(first);
    assertThat(buildEnd.steps()).as("build-end counts the final stage").isEqualTo(3);
    assertThat(json(events.stream().filter(e -> "lib".equals(e.stage())).findFirst().orElseThrow()))
        .contains("\"stage\":\"lib\"");
    assertThat(json(events.get(0))).doesNotContain("stage");

    BuildHandle again = build(rt, BuildRequest.of(twoStages("echo tool v1 > /out/tool.txt"), ctx));
    assertReady(again);
    assertThat(outcomes(again)).containsExactly("-/0 hit", "-/1 hit", "-/2 hit", "-/3 hit",
        "lib/0 hit", "lib/1 hit", "tools/0 hit", "tools/1 hit", "tools/2 hit");

    BuildHandle changed = build(rt, BuildRequest.of(twoStages("echo tool v2 > /out/tool.txt"), ctx));
    String ref2 = assertReady(changed);
    assertThat(outcomes(changed)).containsExactly("-/0 hit",
        "-/1 the result of stage tools changed", "-/2 parent step 1 changed", "-/3 parent step 1 changed",
        "lib/0 hit", "lib/1 hit", "tools/0 hit", "tools/1 hit",
        "tools/2 command changed: echo tool v1 > /out/tool.txt -> echo tool v2 > /out/tool.txt");
    assertThat(runIn(ref2, "cat /app/both.txt")).containsExactly("tool v2", "lib");
  }

  @Test
  void stagesRunInDependencyOrderAndIndependentOnesAtTheSameTime() throws Exception {
    // a and b need nothing; c starts from a and copies from b; the final stage starts from c.
    Template t = Template.of(Base.stage("c"), List.of(new RunStep("cat /a.txt /b.txt /c.txt")))
        .withName("order").withStages(List.of(
            stage("a", BUSYBOX, new RunStep("sleep 2; echo a > /a.txt")),
            stage("b", BUSYBOX, new RunStep("sleep 2; echo b > /b.txt")),
            stage("c", Base.stage("a"), copyFrom("b", "/b.txt", "/b.txt"), new RunStep("echo c > /c.txt"))));
    BuildHandle h = build(rt, BuildRequest.of(t, ctx));
    assertReady(h);
    List<BuildEvent> events = h.events().after(0);
    long aStart = seq(events, "a", 1, BuildEvent.STEP_START);
    long bStart = seq(events, "b", 1, BuildEvent.STEP_START);
    long aEnd = seq(events, "a", 1, BuildEvent.STEP_END);
    long bEnd = seq(events, "b", 1, BuildEvent.STEP_END);
    assertThat(Math.max(aStart, bStart)).as("a and b run at the same time").isLessThan(Math.min(aEnd, bEnd));
    long cStart = seq(events, "c", 0, BuildEvent.STEP_START);
    assertThat(events.stream().filter(e -> e.seq() == cStart).findFirst().orElseThrow().message()).isEqualTo("FROM a");
    assertThat(cStart).as("c waits for a and b").isGreaterThan(Math.max(aEnd, bEnd));
    assertThat(seq(events, null, 0, BuildEvent.STEP_START)).isGreaterThan(seq(events, "c", 2, BuildEvent.STEP_END));
    assertThat(events.stream().filter(e -> e.kind().equals(BuildEvent.LOG) && e.stage() == null)
        .map(BuildEvent::message)).containsSubsequence("a", "b", "c");
  }

  private static long seq(List<BuildEvent> events, String stage, int step, String kind) {
    return events.stream().filter(e -> Objects.equals(stage, e.stage()) && e.kind().equals(kind)
        && Integer.valueOf(step).equals(e.step())).findFirst().orElseThrow(() ->
        new AssertionError("no " + kind + " of " + stage + "/" + step)).seq();
  }

  @Test
  void copiesFromALocalImage() throws Exception {
    Path image = BusyboxFixture.rootfs(tmp.resolve("image"));
    Files.createDirectories(image.resolve("srv/site"));
    Files.writeString(image.resolve("srv/site/index.html"), "from the image\n");
    Files.writeString(image.resolve("srv/site/other.txt"), "other\n");
    Template t = Template.of(BUSYBOX, List.of(
        new CopyStep(List.of("/srv/site/*.html"), "/web/", null, null, Base.image("rootfs:" + image), false),
        new CopyStep(List.of("srv/site"), "/all", null, null, Base.image("rootfs:" + image), false)))
        .withName("from-image");
    String ref = assertReady(build(rt, BuildRequest.of(t, ctx)));
    assertThat(runIn(ref, "cat /web/index.html; ls /web; ls /all")).containsExactly("from the image", "index.html",
        "index.html", "other.txt");
    BuildHandle missing = build(rt, BuildRequest.of(Template.of(BUSYBOX, List.of(
        new CopyStep(List.of("/nope"), "/x", null, null, Base.image("rootfs:" + image), false))).withName("nope"), ctx));
    assertThat(end(missing).message()).isEqualTo("step 1 (COPY --from=rootfs:" + image + " /nope /x) failed: "
        + "copy source /nope does not exist in image rootfs:" + image);
  }

  @Test
  void aFailingStageStepEndsTheBuildNamingTheStageAndClosesItsStep() throws Exception {
    Template t = Template.of(Base.stage("broken"), List.of(new RunStep("true"))).withName("broken")
        .withStages(List.of(stage("broken", BUSYBOX, new RunStep("echo about to fail; exit 4"))));
    BuildHandle h = build(rt, BuildRequest.of(t, ctx));
    BuildEvent e = end(h);
    assertThat(e.status()).isEqualTo(BuildEvent.STATUS_ERROR);
    assertThat(e.message()).startsWith("stage broken: step 1 (RUN echo about to fail; exit 4) failed with exit code 4");
    assertThat(h.events().after(0).stream().filter(x -> x.kind().equals(BuildEvent.STEP_END))
        .map(x -> x.stage() + "/" + x.step() + " " + x.status())).containsExactly("broken/0 done", "broken/1 error");
  }

  @Test
  void aCancelledBuildStopsItsRunningStagesAndClosesTheirSteps() throws Exception {
    String marker = "stage-sleep-" + System.nanoTime();
    Template t = Template.of(Base.stage("slow"), List.of(new RunStep("true"))).withName("cancel-stage")
        .withStages(List.of(stage("slow", BUSYBOX, new RunStep("echo started " + marker + "; sleep 300 # " + marker)),
            stage("other", BUSYBOX, new RunStep("sleep 300 # " + marker)),
            stage("after", Base.stage("other"), new RunStep("echo never"))))
        .withSteps(List.of(copyFrom("after", "/bin/sh", "/x")));
    BuildHandle h = rt.build(BuildRequest.of(t, ctx));
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    h.events().subscribe(0, e -> {
      if (("started " + marker).equals(e.message())) {
        started.countDown();
      }
    });
    assertThat(started.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    long t0 = System.nanoTime();
    h.cancel();
    BuildEvent e = h.result().get(15, java.util.concurrent.TimeUnit.SECONDS);
    System.out.printf("cancel of two running stages took %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    assertThat(e.status()).isEqualTo(BuildEvent.STATUS_CANCELLED);
    List<BuildEvent> events = h.events().after(0);
    assertThat(events.stream().filter(x -> x.kind().equals(BuildEvent.STEP_END) && "slow".equals(x.stage())
        && x.step() == 1).map(BuildEvent::status)).containsExactly(BuildEvent.STATUS_CANCELLED);
    assertThat(events).extracting(BuildEvent::stage).doesNotContain("after");
    EngineFixture.assertNothingLeft(store.root(), marker);
  }

  @Test
  void stageStepsGetTheTemplatesSecretsAndEventsMaskThem() throws Exception {
    Template t = Template.of(BUSYBOX, List.of(copyFrom("s", "/seen", "/seen"))).withName("secret-stage")
        .withSecrets(List.of("TOKEN"))
        .withStages(List.of(stage("s", BUSYBOX,
            new RunStep("echo token=$TOKEN; test \"$TOKEN\" = hunter2-secret && echo yes > /seen"))));
    BuildHandle h = build(rt, new BuildRequest(t, ctx, null, null, false, Map.of("TOKEN", "hunter2-secret")));
    String ref = assertReady(h);
    assertThat(runIn(ref, "cat /seen")).containsExactly("yes");
    List<String> logs = h.events().after(0).stream().filter(e -> "s".equals(e.stage()) && e.kind().equals(BuildEvent.LOG))
        .map(BuildEvent::message).collect(Collectors.toList());
    assertThat(logs).contains("token=***");
    assertThat(h.events().after(0).stream().map(StageBuildTest::json)).noneMatch(j -> j.contains("hunter2"));
  }

  @Test
  void runStepsUseTheirStagesShell() throws Exception {
    // With -e the first failing command ends the step; sh -c alone goes on.
    String command = "false; echo went on > /went-on";
    Template t = Template.of(BUSYBOX, List.of(copyFrom("plain", "/went-on", "/plain"), new RunStep(command)))
        .withName("shells").withShell(List.of("/bin/sh", "-ec"))
        .withStages(List.of(stage("plain", BUSYBOX, new RunStep(command))));
    BuildEvent e = end(build(rt, BuildRequest.of(t, ctx)));
    assertThat(e.status()).isEqualTo(BuildEvent.STATUS_ERROR);
    assertThat(e.message()).startsWith("step 2 (RUN false; echo went on > /went-on) failed with exit code 1");
    Template plainFinal = t.withShell(List.of());
    BuildHandle ok = build(rt, BuildRequest.of(plainFinal, ctx));
    String ref = assertReady(ok);
    assertThat(runIn(ref, "cat /plain /went-on")).containsExactly("went on", "went on");
    assertThat(outcomes(ok)).contains("-/2 shell changed: [/bin/sh, -ec] -> (none)");
  }
}
