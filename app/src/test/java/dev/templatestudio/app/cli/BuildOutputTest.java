package dev.templatestudio.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.build.BuildEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** What the build command prints for people, from events alone. */
class BuildOutputTest {
  private final StringWriter out = new StringWriter();
  private final PlainProgress progress = new PlainProgress(new PrintWriter(out, true));

  @Test
  void aFailureThatAnnouncesItsOutputEndsInOneWholeSentence() {
    assertThat(FailureMessage.sentence("the start command exited with code 1 before it was ready:\n"
        + "starting\nnsenter: cannot open current working directory\n"))
        .isEqualTo("the start command exited with code 1 before it was ready: "
            + "nsenter: cannot open current working directory");
    assertThat(FailureMessage.sentence("step 2 failed with exit code 3")).isEqualTo("step 2 failed with exit code 3");
    assertThat(FailureMessage.sentence(null)).isEqualTo("no reason given");
  }

  @Test
  void aCancelledStepSaysCancelled() {
    progress.accept(BuildEvent.of(BuildEvent.STEP_END).step(1).status(BuildEvent.STATUS_CANCELLED)
        .durationMs(9100).build());
    progress.accept(BuildEvent.of(BuildEvent.STEP_END).step(2).status(BuildEvent.STATUS_DONE)
        .durationMs(2300).build());
    assertThat(out.toString()).isEqualTo("#1 CANCELLED 9.1s\n#2 DONE 2.3s\n");
  }

  @Test
  void aCachedStepSaysOnlyCachedAsBuildKitDoes() {
    step(0, "FROM busybox", BuildEvent.of(BuildEvent.CACHE_HIT).step(0).cacheKey("sha256:a"));
    step(1, "RUN true", BuildEvent.of(BuildEvent.CACHE_HIT).step(1).cacheKey("sha256:b"));
    step(2, "RUN echo hi", BuildEvent.of(BuildEvent.CACHE_MISS).step(2).reason("first build"));
    assertThat(out.toString()).isEqualTo("""
        #0 [0/2] FROM busybox
        #0 CACHED
        #1 [1/2] RUN true
        #1 CACHED
        #2 [2/2] RUN echo hi
        #2 cache miss: first build
        #2 DONE 0.1s
        """);
  }

  @Test
  void aBuildStagesStepsAreNamedAndNumberedAfterTheFinalStages() {
    progress.accept(BuildEvent.of(BuildEvent.BUILD_START).steps(2).build());
    progress.accept(staged("build", BuildEvent.of(BuildEvent.STEP_START).step(0).steps(1).message("FROM busybox")));
    progress.accept(staged("build", BuildEvent.of(BuildEvent.CACHE_HIT).step(0).cacheKey("sha256:a")));
    progress.accept(staged("lib", BuildEvent.of(BuildEvent.STEP_START).step(0).steps(1).message("FROM busybox")));
    progress.accept(staged("build", BuildEvent.of(BuildEvent.STEP_END).step(0).status(BuildEvent.STATUS_DONE)
        .durationMs(5)));
    progress.accept(staged("lib", BuildEvent.of(BuildEvent.CACHE_MISS).step(0).reason("first build")));
    progress.accept(staged("lib", BuildEvent.of(BuildEvent.STEP_END).step(0).status(BuildEvent.STATUS_DONE)
        .durationMs(200)));
    progress.accept(staged("build", BuildEvent.of(BuildEvent.STEP_START).step(1).steps(1).message("RUN make")));
    progress.accept(staged("build", BuildEvent.of(BuildEvent.LOG).step(1).stream("stdout").message("made")));
    step(0, "FROM busybox", BuildEvent.of(BuildEvent.CACHE_HIT).step(0).cacheKey("sha256:b"));
    assertThat(out.toString()).isEqualTo("""
        #3 [build 0/1] FROM busybox
        #3 CACHED
        #4 [lib 0/1] FROM busybox
        #4 cache miss: first build
        #4 DONE 0.2s
        #5 [build 1/1] RUN make
        #5 made
        #0 [0/2] FROM busybox
        #0 CACHED
        """);
  }

  @Test
  void aFailedStepsErrorIsNotRepeatedWithTheOutputItQuotes() {
    progress.accept(BuildEvent.of(BuildEvent.STEP_START).step(1).steps(1).message("RUN x").build());
    progress.accept(BuildEvent.of(BuildEvent.LOG).step(1).stream("stderr").message("oops").build());
    progress.accept(BuildEvent.of(BuildEvent.STEP_END).step(1).status(BuildEvent.STATUS_ERROR).durationMs(100).build());
    progress.accept(BuildEvent.of(BuildEvent.BUILD_END).status(BuildEvent.STATUS_ERROR)
        .message("step 1 (RUN x) failed with exit code 3:\noops").build());
    assertThat(out.toString()).isEqualTo("#1 [1/1] RUN x\n#1 oops\n#1 ERROR 0.1s\n");
  }

  @Test
  void aFailureOutsideTheStepsShowsOnlyTheOutputItQuotesForTheSentenceOnStderrToExplain() {
    progress.accept(BuildEvent.of(BuildEvent.BUILD_END).status(BuildEvent.STATUS_ERROR)
        .message("the start command exited with code 1 before it was ready:\nbad\nstarting").build());
    progress.accept(BuildEvent.of(BuildEvent.BUILD_END).status(BuildEvent.STATUS_ERROR)
        .message("step 1: copy source \"x\" does not exist in the build context .").build());
    assertThat(out.toString()).isEqualTo("last output:\n  bad\n  starting\n");
  }

  @Test
  void aReadyCheckTakenFromTheCacheSaysCachedAndWhichCheckPassed() {
    progress.accept(BuildEvent.of(BuildEvent.READY).message("port 8000 answered after 1.4s").build());
    progress.accept(BuildEvent.of(BuildEvent.READY).status(BuildEvent.STATUS_CACHED)
        .message("port 8000 answered after 1.4s").build());
    assertThat(out.toString()).isEqualTo("ready: port 8000 answered after 1.4s\n"
        + "ready: CACHED (port 8000 answered after 1.4s)\n");
  }

  /** {@code event} as a build stage's step has it: BuildEvent.Builder has no stage setter. */
  private static BuildEvent staged(String stage, BuildEvent.Builder event) {
    BuildEvent e = event.build();
    return new BuildEvent(e.seq(), e.time(), e.build(), e.kind(), e.step(), e.steps(), e.message(), e.cacheKey(),
        e.reason(), e.stream(), e.level(), e.status(), e.durationMs(), e.ref(), e.cacheHits(), stage);
  }

  private void step(int step, String message, BuildEvent.Builder cache) {
    progress.accept(BuildEvent.of(BuildEvent.STEP_START).step(step).steps(2).message(message).build());
    progress.accept(cache.build());
    progress.accept(BuildEvent.of(BuildEvent.STEP_END).step(step).status(BuildEvent.STATUS_DONE).durationMs(100).build());
  }
}
