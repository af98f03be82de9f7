package dev.templatestudio.bridge.embedded;

import static dev.templatestudio.bridge.embedded.EngineFixture.assertReady;
import static dev.templatestudio.bridge.embedded.EngineFixture.cacheOutcomes;
import static dev.templatestudio.bridge.embedded.EngineFixture.end;
import static dev.templatestudio.bridge.embedded.EngineFixture.logText;
import static dev.templatestudio.bridge.embedded.EngineFixture.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.dockerfile.DockerfileImporter;
import dev.templatestudio.bridge.dockerfile.ImportResult;
import dev.templatestudio.bridge.embedded.prune.PruneOptions;
import dev.templatestudio.bridge.embedded.prune.PruneReport;
import dev.templatestudio.bridge.embedded.prune.StorePruner;
import dev.templatestudio.bridge.embedded.store.DiskBudget;
import dev.templatestudio.bridge.plan.StepFailure;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.Mount;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Template;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * RUN mounts as a whole build uses them: a Dockerfile with cache, bind and secret mounts
 * imported and built three times, single-stage and multi-stage (a bind and a copy from a build
 * stage); a bind mount from a local image; a bind from a stage that changes; prune taking cache
 * mount folders.
 */
class RunMountsBuildTest extends EngineTestBase {

  private BuildHandle build(Template t, Map<String, String> secrets) throws Exception {
    return EngineFixture.build(rt, new BuildRequest(t, ctx, null, null, false, secrets));
  }

  @Test
  void aDockerfileWithCacheBindAndSecretMountsBuildsKeepsItsCacheAndRebuildsFromTheCache() throws Exception {
    Files.writeString(ctx.resolve("requirements.txt"), "pkg-1\n");
    Files.writeString(ctx.resolve(".dockerignore"), "Dockerfile\n");
    String dockerfile = String.join("\n",
        "FROM busybox",
        "WORKDIR /app",
        "RUN --mount=type=cache,target=/root/.cache/dl \\",
        "    --mount=type=bind,target=/src \\",
        "    --mount=type=secret,id=TOKEN,required \\",
        "    set -e; for p in $(cat /src/requirements.txt); do"
            + " if [ -f /root/.cache/dl/$p ]; then echo \"$p from the cache\";"
            + " else echo \"downloading $p with $(cat /run/secrets/TOKEN)\"; echo \"$p data\" > /root/.cache/dl/$p; fi;"
            + " cp /root/.cache/dl/$p /app/; done",
        "");
    Files.writeString(ctx.resolve("Dockerfile"), dockerfile);
    ImportResult imported = DockerfileImporter.importText(dockerfile, "Dockerfile");
    assertThat(imported.hasErrors()).as("%s", imported.diagnostics()).isFalse();
    Template t = imported.template().withBase(EngineFixture.BUSYBOX).withName("accept")
        .withSecrets(List.of("TOKEN"));
    String secret = "tok-" + System.nanoTime();

    BuildHandle first = build(t, Map.of("TOKEN", secret));
    String ref = assertReady(first);
    assertThat(logText(first)).contains("downloading pkg-1 with ***");
    assertThat(first.events().after(0).toString()).doesNotContain(secret);
    List<String> out = new ArrayList<>();
    assertThat(rt.run(ref, List.of("/bin/sh", "-c", "cat /app/pkg-1; ls -A /src /run/secrets /root/.cache 2>&1 | wc -l"),
        (s, l) -> out.add(l))).isZero();
    assertThat(out).containsExactly("pkg-1 data", "3");

    BuildHandle cached = build(t, Map.of("TOKEN", secret));
    assertReady(cached);
    assertThat(cacheOutcomes(cached)).containsExactly("hit", "hit", "hit");

    Files.writeString(ctx.resolve("requirements.txt"), "pkg-1\npkg-2\n");
    BuildHandle changed = build(t, Map.of("TOKEN", secret));
    assertReady(changed);
    assertThat(cacheOutcomes(changed)).containsExactly("hit", "hit", "input files changed: requirements.txt");
    assertThat(logText(changed)).contains("pkg-1 from the cache", "downloading pkg-2 with ***")
        .doesNotContain(secret);
  }

  @Test
  void aMultiStageDockerfileWithCacheBindAndSecretMountsBuildsAndRebuildsFromTheCache() throws Exception {
    Files.writeString(ctx.resolve("requirements.txt"), "pkg-1\n");
    Files.writeString(ctx.resolve(".dockerignore"), "Dockerfile\n");
    String dockerfile = String.join("\n",
        "FROM busybox AS tools",
        "RUN mkdir -p /out && echo tool v1 > /out/tool.txt",
        "",
        "FROM busybox",
        "WORKDIR /app",
        "RUN --mount=type=cache,target=/root/.cache/dl \\",
        "    --mount=type=bind,target=/src \\",
        "    --mount=type=bind,from=tools,source=/out,target=/tools \\",
        "    --mount=type=secret,id=TOKEN,required \\",
        "    set -e; cat /tools/tool.txt > /app/tool.txt; for p in $(cat /src/requirements.txt); do"
            + " if [ -f /root/.cache/dl/$p ]; then echo \"$p from the cache\";"
            + " else echo \"downloading $p with $(cat /run/secrets/TOKEN)\"; echo \"$p data\" > /root/.cache/dl/$p; fi;"
            + " cp /root/.cache/dl/$p /app/; done",
        "COPY --from=tools /out/tool.txt /app/copied-tool.txt",
        "");
    Files.writeString(ctx.resolve("Dockerfile"), dockerfile);
    ImportResult imported = DockerfileImporter.importText(dockerfile, "Dockerfile");
    assertThat(imported.hasErrors()).as("%s", imported.diagnostics()).isFalse();
    Template t = imported.template().withBase(EngineFixture.BUSYBOX).withName("accept-stages")
        .withSecrets(List.of("TOKEN"))
        .withStages(imported.template().stages().stream()
            .map(st -> new dev.templatestudio.bridge.template.Stage(st.name(), EngineFixture.BUSYBOX, st.steps()))
            .toList());
    assertThat(t.stages()).extracting(dev.templatestudio.bridge.template.Stage::name).containsExactly("tools");
    String secret = "tok-" + System.nanoTime();

    BuildHandle first = build(t, Map.of("TOKEN", secret));
    String ref = assertReady(first);
    assertThat(first.events().after(0).stream().filter(e -> "tools".equals(e.stage()))).isNotEmpty();
    assertThat(logText(first)).contains("downloading pkg-1 with ***");
    assertThat(first.events().after(0).toString()).doesNotContain(secret);
    List<String> out = new ArrayList<>();
    assertThat(rt.run(ref, List.of("/bin/sh", "-c", "cat /app/pkg-1 /app/tool.txt /app/copied-tool.txt; "
        + "for d in /src /tools /run/secrets/TOKEN /root/.cache/dl; do test -e $d && echo left $d; done; true"),
        (s, l) -> out.add(l))).isZero();
    assertThat(out).containsExactly("pkg-1 data", "tool v1", "tool v1");

    BuildHandle cached = build(t, Map.of("TOKEN", secret));
    assertReady(cached);
    assertThat(cacheOutcomes(cached)).as("every step of both stages").containsOnly("hit");

    Files.writeString(ctx.resolve("requirements.txt"), "pkg-1\npkg-2\n");
    BuildHandle changed = build(t, Map.of("TOKEN", secret));
    assertReady(changed);
    assertThat(logText(changed)).contains("pkg-1 from the cache", "downloading pkg-2 with ***")
        .doesNotContain(secret);
  }

  @Test
  void aBindMountFromALocalImageReadsItsFilesAndItsDigestIsInTheKey() throws Exception {
    Path other = BusyboxFixture.rootfs(ctx.resolve("other"));
    Files.writeString(other.resolve("etc/motd"), "from the other image\n");
    Mount fromImage = Mount.bind("/other", "etc", Base.image("rootfs:other"));
    Template t = template("from-image", new RunStep("cat /other/motd > /motd; touch /other/x 2>/dev/null"
        + " || echo read-only > /ro", null, List.of(fromImage), false));
    BuildHandle h = EngineFixture.build(rt, t, ctx);
    String ref = assertReady(h);
    List<String> out = new ArrayList<>();
    assertThat(rt.run(ref, List.of("/bin/sh", "-c", "cat /motd /ro; test -e /other || echo gone"),
        (s, l) -> out.add(l))).isZero();
    assertThat(out).containsExactly("from the other image", "read-only", "gone");
    Files.writeString(other.resolve("etc/motd"), "changed\n");
    BuildHandle again = EngineFixture.build(rt, t, ctx);
    assertReady(again);
    assertThat(cacheOutcomes(again).get(1)).isEqualTo("input files changed: from rootfs:other");
  }

  @Test
  void aBindMountFromAStageSeesTheStagesFilesAndMissesWhenTheStageChanges() throws Exception {
    Template t = template("stage-bind", new RunStep("cat /tools/tool.txt > /seen.txt", null,
        List.of(Mount.bind("/tools", "/out", Base.stage("tools"))), false))
        .withStages(List.of(new dev.templatestudio.bridge.template.Stage("tools", EngineFixture.BUSYBOX,
            List.of(new RunStep("mkdir -p /out && echo tool v1 > /out/tool.txt")))));
    String ref = assertReady(EngineFixture.build(rt, t, ctx));
    List<String> out = new ArrayList<>();
    assertThat(rt.run(ref, List.of("/bin/sh", "-c", "cat /seen.txt; test -e /tools/tool.txt || echo unmounted"),
        (s, l) -> out.add(l))).isZero();
    assertThat(out).containsExactly("tool v1", "unmounted");
    assertThat(finalOutcomes(EngineFixture.build(rt, t, ctx))).containsExactly("hit", "hit");
    Template changed = t.withStages(List.of(new dev.templatestudio.bridge.template.Stage("tools",
        EngineFixture.BUSYBOX, List.of(new RunStep("mkdir -p /out && echo tool v2 > /out/tool.txt")))));
    BuildHandle again = EngineFixture.build(rt, changed, ctx);
    assertReady(again);
    assertThat(finalOutcomes(again).get(1)).startsWith("input files changed: from tools");
  }

  /** The cache outcomes of the final stage's steps (a build stage's events carry its name). */
  private static List<String> finalOutcomes(BuildHandle h) {
    return h.events().after(0).stream().filter(e -> e.stage() == null)
        .filter(e -> e.kind().equals(BuildEvent.CACHE_HIT) || e.kind().equals(BuildEvent.CACHE_MISS))
        .map(e -> e.kind().equals(BuildEvent.CACHE_HIT) ? "hit" : e.reason()).toList();
  }

  @Test
  void imageSourcesLeaveAStageToTheStageBuild() throws Exception {
    try (Scratch scratch = Scratch.of(store.work(), "test")) {
      ImageMountSources sources = new ImageMountSources(store, DiskBudget.unlimited(), ctx, scratch, line -> { });
      assertThatThrownBy(() -> sources.rootOf(Base.stage("build"))).isInstanceOf(StepFailure.class)
          .hasMessage("a bind mount from build stage build needs the stage's build");
    }
  }

  @Test
  void pruneTakesCacheMountFolders() throws Exception {
    assertReady(EngineFixture.build(rt, template("cache-prune", new RunStep("head -c 100000 /dev/zero > /c/f",
        null, List.of(Mount.cache("/c")), false)), ctx));
    Path folders = store.root().resolve("cache-mounts");
    try (Stream<Path> list = Files.list(folders)) {
      assertThat(list.count()).isEqualTo(1);
    }
    StorePruner pruner = new StorePruner(store);
    PruneReport dry = pruner.dryRun(new PruneOptions(-1, false), null);
    assertThat(dry.lines()).anySatisfy(l -> {
      assertThat(l.what()).isEqualTo("cache mounts");
      assertThat(l.count()).isEqualTo(1);
      assertThat(l.bytes()).isGreaterThanOrEqualTo(100000);
    });
    pruner.prune(new PruneOptions(-1, false), null, () -> { });
    try (Stream<Path> list = Files.list(folders)) {
      assertThat(list.count()).isZero();
    }
    BuildEvent e = end(EngineFixture.build(rt, template("cache-prune", new RunStep("ls -A /c | wc -l",
        null, List.of(Mount.cache("/c")), false)), ctx));
    assertThat(e.status()).isEqualTo(BuildEvent.STATUS_READY);
  }
}
