package dev.templatestudio.bridge.embedded;

import static dev.templatestudio.bridge.embedded.EngineFixture.BUSYBOX;
import static dev.templatestudio.bridge.embedded.EngineFixture.build;
import static dev.templatestudio.bridge.embedded.EngineFixture.cacheOutcomes;
import static dev.templatestudio.bridge.embedded.EngineFixture.end;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.CachePrediction;
import dev.templatestudio.bridge.build.FileHashCache;
import dev.templatestudio.bridge.build.HashReuse;
import dev.templatestudio.bridge.embedded.store.CacheIndex;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.WorkdirStep;
import dev.templatestudio.bridge.plan.StepCanon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The prediction of the cache ({@code Runtime.predict}) agrees with the build that follows it,
 * step by step and word for word, for every miss reason the embedded build gives: each case
 * predicts, then builds on the real embedded runtime, and compares the build's cache events.
 */
class CachePredictionTest extends EngineTestBase {
  private final FileHashCache hashes = new FileHashCache(10_000);

  @BeforeEach
  void site() throws Exception {
    Files.createDirectories(ctx.resolve("site"));
    Files.writeString(ctx.resolve("site/index.html"), "<h1>v1</h1>\n");
  }

  private static Template app(Base base, String command, String greeting, String dir, Step... more) {
    List<Step> steps = new ArrayList<>(List.of(new WorkdirStep("${DIR}"), new RunStep(command),
        new EnvStep(Map.of("GREETING", greeting)), new CopyStep(List.of("site"), "/site"),
        new RunStep("cat /site/index.html")));
    steps.addAll(List.of(more));
    return Template.of(base, steps).withName("app").withBuildEnvs(Map.of("DIR", dir));
  }

  private static Template app(String command, String greeting, String dir, Step... more) {
    return app(BUSYBOX, command, greeting, dir, more);
  }

  /** Predicts, builds, and asserts the build's cache events are the prediction; returns them. */
  private List<String> agree(BuildRequest request) throws Exception {
    CachePrediction predicted = rt.predict(request, new HashReuse(hashes, () -> false)).orElseThrow();
    BuildHandle h = build(rt, request);
    BuildEvent end = end(h);
    List<String> built = cacheOutcomes(h);
    List<String> foretold = predicted.steps().stream().map(CachePrediction.Step::outcome).toList();
    if (end.status().equals(BuildEvent.STATUS_READY)) {
      assertThat(foretold).as("prediction of a build that became ready").isEqualTo(built);
      assertThat(predicted.failure()).isNull();
    } else if (predicted.failure() != null) {
      assertThat(foretold).as("prediction of a build that cannot run: %s", end.message()).isEqualTo(built);
      assertThat(end.message()).contains(predicted.failure());
    } else {
      // A command failed: nothing after it has an event, what came before agrees.
      assertThat(foretold.subList(0, built.size())).as("prediction up to the failed step").isEqualTo(built);
    }
    return built;
  }

  private List<String> agree(Template t) throws Exception {
    return agree(BuildRequest.of(t, ctx));
  }

  @Test
  void everyMissReasonIsForetoldAsTheBuildGivesIt() throws Exception {
    assertThat(agree(app("echo one > /one", "hi", "/w1"))).containsOnly("first build");
    assertThat(agree(app("echo one > /one", "hi", "/w1"))).containsOnly("hit");

    assertThat(agree(app("echo uno > /one", "hi", "/w1")))
        .containsExactly("hit", "hit", "command changed: echo one > /one -> echo uno > /one",
            "parent step 2 changed", "parent step 2 changed", "parent step 2 changed");
    assertThat(agree(app("echo uno > /one", "hello", "/w1")).get(3))
        .isEqualTo("vars changed: {GREETING=hi} -> {GREETING=hello}");

    Files.writeString(ctx.resolve("site/index.html"), "<h1>v2</h1>\n");
    assertThat(agree(app("echo uno > /one", "hello", "/w1")).subList(3, 6))
        .containsExactly("hit", "input files changed: site/index.html", "parent step 4 changed");
    Files.writeString(ctx.resolve("site/new.html"), "new\n");
    assertThat(agree(app("echo uno > /one", "hello", "/w1")).get(4)).isEqualTo("input files changed: site/new.html (new)");
    Files.delete(ctx.resolve("site/new.html"));
    Files.writeString(ctx.resolve("site/other.html"), "other\n");
    assertThat(agree(app("echo uno > /one", "hello", "/w1")).get(4))
        .isEqualTo("input files changed: site/new.html (removed), site/other.html (new)");

    assertThat(agree(app("echo uno > /one", "hello", "/w2")).subList(0, 3)).containsExactly("hit",
        "path changed once expanded: /w1 -> /w2", "buildEnvs changed: {DIR=/w1} -> {DIR=/w2}");

    assertThat(agree(app("echo uno > /one", "hello", "/w2", new RunStep("true"))).get(6))
        .isEqualTo("new step: the last build had 5 steps");
    assertThat(agree(app("echo uno > /one", "hello", "/w2", new EnvStep(Map.of("A", "1")))).get(6))
        .isEqualTo("step type changed: run -> env");

    Template t = app("echo uno > /one", "hello", "/w2");
    assertThat(agree(t.withStep(3, t.steps().get(3).withForce(true))).subList(3, 6))
        .containsExactly("hit", "force: this step sets force", "force: step 4 sets force");
    assertThat(agree(t.withForce(true))).containsOnly("force: the template sets force");
    assertThat(agree(new BuildRequest(t, ctx, null, null, true, null))).containsOnly("--no-cache");
    assertThat(agree(t)).containsOnly("hit");

    // The last build was keyed under the rules of an earlier template-studio (StepCanon.VERSION).
    String baseKey = keyOfStep(t, 0);
    Path record = store.root().resolve("history/app.json");
    Files.writeString(record, Files.readString(record).replaceAll("\"canon\"\\s*:\\s*" + StepCanon.VERSION, "\"canon\":1"));
    Files.delete(store.cache().file(baseKey));
    assertThat(agree(t).get(0)).isEqualTo("the cache was made by an earlier template-studio, whose steps ran differently");
  }

  @Test
  void baseReasonsAreForetoldFromTheStoreWithoutResolvingAnything() throws Exception {
    Template base2 = Template.of(BUSYBOX, List.of(new EnvStep(Map.of("X", "1")))).withName("busybox2");
    agree(base2);
    Template t = app("echo one > /one", "hi", "/w1");
    agree(t);
    Template onBase2 = app(Base.template("busybox2"), "echo one > /one", "hi", "/w1");
    assertThat(agree(onBase2)).containsExactly("base changed: template busybox -> template busybox2",
        "parent step 0 (the base) changed", "parent step 0 (the base) changed", "parent step 0 (the base) changed",
        "parent step 0 (the base) changed", "parent step 0 (the base) changed");

    agree(Template.of(BUSYBOX, List.of(new EnvStep(Map.of("X", "2")))).withName("busybox2"));
    assertThat(agree(onBase2).get(0)).startsWith("base image content changed: sha256:");

    // The base's entry gone from the cache (a prune took it): the same base misses.
    CacheIndex cache = store.cache();
    Files.delete(cache.file(keyOfStep(onBase2, 0)));
    assertThat(agree(onBase2).get(0)).isEqualTo("not in the cache: the base image's layers are not unpacked in the store");

    // A step's layer gone from the store while its entry stays.
    String runKey = keyOfStep(onBase2, 2);
    store.blobs().delete(cache.get(runKey).orElseThrow().diffId());
    assertThat(agree(onBase2).subList(1, 4))
        .containsExactly("hit", "the cached layer is missing from the store", "hit");

    // A base template that is not in the store: the build fails on it after its one cache event.
    assertThat(agree(app(Base.template("nope"), "echo one > /one", "hi", "/w1")))
        .containsExactly("base changed: template busybox2 -> template nope");
    Files.delete(store.root().resolve("templates/busybox2.json"));
    assertThat(agree(onBase2))
        .containsExactly("the base image template busybox2 could not be resolved, though the last build resolved it");
  }

  @Test
  void stepsThatCannotRunOrDidNotFinishAreForetold() throws Exception {
    Template failing = EngineFixture.template("broken", new RunStep("echo a"), new RunStep("exit 3"), new RunStep("echo c"));
    assertThat(agree(failing)).containsExactly("first build", "first build", "first build");
    assertThat(agree(failing)).containsExactly("hit", "hit", "not in the cache: the last build did not finish this step");

    Template unset = EngineFixture.template("broken", new RunStep("echo a"), new WorkdirStep("${MISSING?}"));
    assertThat(agree(unset).get(2))
        .startsWith("the cache was not checked: step 2: path \"${MISSING?}\" cannot be expanded");
  }

  @Test
  void hashingAgainReadsOnlyChangedFilesAndAStalePredictionGivesUp() throws Exception {
    for (int i = 0; i < 40; i++) {
      Files.writeString(ctx.resolve("site/page" + i + ".html"), "page " + i);
    }
    BuildRequest request = BuildRequest.of(app("echo one > /one", "hi", "/w1"), ctx);
    HashReuse reuse = new HashReuse(hashes, () -> false);
    rt.predict(request, reuse);
    long first = hashes.computed();
    assertThat(first).isGreaterThanOrEqualTo(41);
    rt.predict(request, reuse);
    assertThat(hashes.computed()).as("nothing changed: nothing read").isEqualTo(first);
    Files.writeString(ctx.resolve("site/page7.html"), "page seven");
    CachePrediction after = rt.predict(request, reuse).orElseThrow();
    assertThat(hashes.computed()).as("one file changed: one read").isEqualTo(first + 1);
    assertThat(after.steps()).hasSize(6);

    assertThatThrownBy(() -> rt.predict(request, new HashReuse(new FileHashCache(10), () -> true)))
        .isInstanceOf(CancellationException.class);
  }

  private String keyOfStep(Template t, int step) throws Exception {
    return store.history().last(t.name()).orElseThrow().steps().get(step).key();
  }
}
