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
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Template;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT.md §5: every step that starts gets exactly one cache-hit or cache-miss, also a step
 * that fails before its cache could be checked, and the build's error is one sentence.
 */
class StepCacheEventsTest extends EngineTestBase {

  @Test
  void aBaseThatCannotBeResolvedMissesWithAReasonBeforeItFails() throws Exception {
    Path emptyLayout = Files.createDirectories(tmp.resolve("layout"));
    Path notAnArchive = Files.writeString(tmp.resolve("not-an-archive.tar"), "not an archive\n");
    List<String> bases = List.of("oci-layout:" + emptyLayout + ":nope", "docker-archive:" + notAnArchive,
        "127.0.0.1:1/nothing/listens:here");
    for (String base : bases) {
      BuildHandle h = build(rt, Template.of(Base.image(base), List.of(new RunStep("true"))).withName("unresolved"), ctx);
      BuildEvent end = end(h);
      assertThat(end.status()).as(base).isEqualTo(BuildEvent.STATUS_ERROR);
      assertThat(end.message()).as(base).doesNotContain("java.", "Exception", "the build failed");
      assertThat(kindsOfStep(h, 0)).as(base).containsExactly(BuildEvent.STEP_START, BuildEvent.CACHE_MISS,
          BuildEvent.STEP_END);
      BuildEvent miss = events(h, BuildEvent.CACHE_MISS).get(0);
      assertThat(miss.cacheKey()).as(base).matches("sha256:[0-9a-f]{64}");
      assertThat(miss.reason()).as("a base never resolved is not in the history").as(base).isEqualTo("first build");
    }
    assertReady(build(rt, template("unresolved", new RunStep("true")), ctx));
    BuildHandle again = build(rt, Template.of(Base.image(bases.get(0)), List.of(new RunStep("true")))
        .withName("unresolved"), ctx);
    assertThat(cacheOutcomes(again)).containsExactly("base changed: template busybox -> " + bases.get(0));
  }

  @Test
  void aStepThatFailsBeforeItsCacheLookupStillGetsAMissAndTheErrorNamesStepAndFile() throws Exception {
    Template t = template("corrupt", new RunStep("echo one > /one"), new RunStep("echo two > /two"));
    BuildHandle first = build(rt, t, ctx);
    assertReady(first);
    String key = events(first, BuildEvent.CACHE_MISS).get(1).cacheKey();
    Path entry = store.root().resolve("cache").resolve(key.substring("sha256:".length()) + ".json");
    assertThat(entry).exists();
    Files.writeString(entry, "garbage");

    BuildHandle h = build(rt, t, ctx);
    BuildEvent end = end(h);
    assertThat(end.status()).isEqualTo(BuildEvent.STATUS_ERROR);
    assertThat(end.message()).startsWith("step 1 (RUN echo one > /one) failed: " + entry + " is not valid JSON")
        .doesNotContain("java.", "Exception", "the build failed", "\n");
    assertThat(kindsOfStep(h, 1)).containsExactly(BuildEvent.STEP_START, BuildEvent.CACHE_MISS, BuildEvent.STEP_END);
    assertThat(events(h, BuildEvent.CACHE_MISS).get(0).reason())
        .startsWith("the cache was not checked: " + entry + " is not valid JSON");
    assertThat(events(h, BuildEvent.CACHE_MISS).get(0).cacheKey()).isEqualTo(key);
  }

  /** The kinds of the step-start, cache and step-end events of step {@code step}, in order. */
  private static List<String> kindsOfStep(BuildHandle h, int step) {
    List<String> kinds = new ArrayList<>();
    for (BuildEvent e : h.events().after(0)) {
      if (e.step() != null && e.step() == step && !e.kind().equals(BuildEvent.LOG)) {
        kinds.add(e.kind());
      }
    }
    return kinds;
  }
}
