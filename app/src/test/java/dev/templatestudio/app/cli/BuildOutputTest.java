package dev.templatestudio.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.build.BuildEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** What the build command prints for people, from events alone. */
class BuildOutputTest {

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
    StringWriter out = new StringWriter();
    PlainProgress progress = new PlainProgress(new PrintWriter(out, true));
    progress.accept(BuildEvent.of(BuildEvent.STEP_END).step(1).status(BuildEvent.STATUS_CANCELLED)
        .durationMs(9100).build());
    progress.accept(BuildEvent.of(BuildEvent.STEP_END).step(2).status(BuildEvent.STATUS_DONE)
        .durationMs(2300).build());
    assertThat(out.toString()).isEqualTo("#1 CANCELLED 9.1s\n#2 DONE 2.3s\n");
  }
}
