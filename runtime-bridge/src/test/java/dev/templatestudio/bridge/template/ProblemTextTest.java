package dev.templatestudio.bridge.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.dockerfile.Diagnostic;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The printed forms of problems and diagnostics do not depend on the user's locale. */
class ProblemTextTest {
  private Locale before;

  @BeforeEach
  void turkish() {
    before = Locale.getDefault();
    Locale.setDefault(Locale.forLanguageTag("tr-TR"));
  }

  @AfterEach
  void restore() {
    Locale.setDefault(before);
  }

  @Test
  void severitiesArePrintedInPlainAsciiUnderATurkishLocale() {
    assertThat(Diagnostic.warning("Dockerfile", 1, 2, "m").format())
        .isEqualTo("Dockerfile:1:2: warning: m");
    assertThat(Problem.warning(-1, "name", "m").toString()).endsWith(": warning: m");
  }

  @Test
  void thePlaceIsTheWholePathOrTheStepAndThePathBelowIt() {
    assertThat(Problem.error(-1, "start.ready.port", "m").place()).isEqualTo("start.ready.port");
    assertThat(Problem.error(0, "base.image", "m").place()).isEqualTo("base.image");
    assertThat(Problem.error(3, "steps[2].sources[1]", "m").place()).isEqualTo("step 3, sources[1]");
    assertThat(Problem.error(1, "steps[0]", "m").place()).isEqualTo("step 1");
  }
}
