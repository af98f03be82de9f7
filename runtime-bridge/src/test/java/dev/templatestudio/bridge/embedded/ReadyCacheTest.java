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
import dev.templatestudio.bridge.template.Ready;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Start;
import dev.templatestudio.bridge.template.Template;
import org.junit.jupiter.api.Test;

/**
 * A cached rebuild of the same image takes its ready check from the store ({@code ready} with
 * status {@code cached} and the message of the check that passed); a changed start command, a
 * request to recheck, or --no-cache start the machine again. The check waits 3 s, so a build
 * that ran it takes at least that long and one that did not is quicker.
 */
class ReadyCacheTest extends EngineTestBase {
  private static final int CHECK_SECONDS = 3;

  private Template waiting(String command) {
    return template("waits", new RunStep("echo made > /made"))
        .withStart(new Start(command, new Ready.Timeout(CHECK_SECONDS)));
  }

  @Test
  void aCachedRebuildReportsTheReadyCheckThatPassedWithoutStartingTheMachine() throws Exception {
    BuildHandle first = build(rt, waiting("sleep 1000"), ctx);
    String ref = assertReady(first);
    BuildEvent checked = events(first, BuildEvent.READY).get(0);
    assertThat(checked.status()).isNull();
    assertThat(end(first).durationMs()).isGreaterThanOrEqualTo(CHECK_SECONDS * 1000L);

    BuildHandle again = build(rt, waiting("sleep 1000"), ctx);
    assertThat(assertReady(again)).isEqualTo(ref);
    assertThat(cacheOutcomes(again)).containsOnly("hit");
    assertThat(events(again, BuildEvent.READY)).singleElement().satisfies(e -> {
      assertThat(e.status()).isEqualTo(BuildEvent.STATUS_CACHED);
      assertThat(e.message()).isEqualTo(checked.message());
    });
    assertThat(end(again).durationMs()).isLessThan(CHECK_SECONDS * 1000L);
  }

  @Test
  void recheckReadyNoCacheAndAnotherStartCommandRunTheCheckAgain() throws Exception {
    assertReady(build(rt, waiting("sleep 1000"), ctx));

    BuildHandle rechecked = build(rt, BuildRequest.of(waiting("sleep 1000"), ctx).withRecheckReady(true));
    assertReady(rechecked);
    assertThat(cacheOutcomes(rechecked)).containsOnly("hit");
    assertThat(events(rechecked, BuildEvent.READY)).singleElement()
        .satisfies(e -> assertThat(e.status()).isNull());
    assertThat(end(rechecked).durationMs()).isGreaterThanOrEqualTo(CHECK_SECONDS * 1000L);

    BuildRequest plain = BuildRequest.of(waiting("sleep 1000"), ctx);
    BuildHandle noCache = build(rt, new BuildRequest(plain.template(), ctx, null, null, true, null));
    assertReady(noCache);
    assertThat(events(noCache, BuildEvent.READY)).singleElement()
        .satisfies(e -> assertThat(e.status()).isNull());

    BuildHandle otherStart = build(rt, waiting("sleep 999"), ctx);
    assertReady(otherStart);
    assertThat(cacheOutcomes(otherStart)).containsOnly("hit");
    assertThat(events(otherStart, BuildEvent.READY)).singleElement()
        .satisfies(e -> assertThat(e.status()).isNull());
    assertThat(end(otherStart).durationMs()).isGreaterThanOrEqualTo(CHECK_SECONDS * 1000L);
  }

  @Test
  void aCheckThatFailedIsNotRemembered() throws Exception {
    Template failing = template("fails", new RunStep("true"))
        .withStart(new Start("sleep 1000", new Ready.File("/never", 1)));
    assertThat(end(build(rt, failing, ctx)).status()).isEqualTo(BuildEvent.STATUS_ERROR);
    BuildHandle again = build(rt, failing, ctx);
    assertThat(end(again).status()).isEqualTo(BuildEvent.STATUS_ERROR);
    assertThat(events(again, BuildEvent.READY)).isEmpty();
  }

  @Test
  void aForcedStepRunsTheCheckAgainEvenWhenItsLayerComesOutTheSame() throws Exception {
    assertReady(build(rt, waiting("sleep 1000"), ctx));
    Template forced = template("waits", new RunStep("echo made > /made").withForce(true))
        .withStart(new Start("sleep 1000", new Ready.Timeout(CHECK_SECONDS)));
    BuildHandle again = build(rt, forced, ctx);
    assertReady(again);
    assertThat(events(again, BuildEvent.READY)).singleElement()
        .satisfies(e -> assertThat(e.status()).isNull());
  }
}
