package dev.templatestudio.bridge.dockerfile;

import static dev.templatestudio.bridge.dockerfile.ImportAssertions.diagnostic;
import static dev.templatestudio.bridge.dockerfile.ImportAssertions.imp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.template.Problem.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Broken JSON form is reported in plain words, at the place that is wrong. */
class ExecFormTest {

  @Test
  void anElementThatIsNotAStringIsReportedAtItself() {
    ExecForm.Parsed p = ExecForm.parse("[\"a\", 12, \"b\"]");
    assertThat(p.argv()).isNull();
    assertThat(p.error()).isEqualTo("element 2 is not a string");
    assertThat(p.errorOffset()).isEqualTo(6);
    diagnostic(imp("FROM a\nCMD [\"a\",  true]\n"), 2, 12, Severity.WARNING, "element 2 is not a string");
  }

  @Test
  void brokenJsonIsSaidInOwnWords() {
    ExecForm.Parsed missingComma = ExecForm.parse("[\"a\" \"b\"]");
    assertThat(missingComma.error()).isEqualTo("expected , or ] here");
    assertThat(missingComma.errorOffset()).isEqualTo(5);

    ExecForm.Parsed bare = ExecForm.parse("[\"uvicorn\", main:app]");
    assertThat(bare.error()).isEqualTo("expected a string in double quotes here");
    assertThat(bare.errorOffset()).isEqualTo(12);

    ExecForm.Parsed open = ExecForm.parse("[\"a\",");
    assertThat(open.error()).isEqualTo("the array is not closed: expected a string in double quotes at the end");

    ExecForm.Parsed trailing = ExecForm.parse("[\"a\"] x");
    assertThat(trailing.error()).isEqualTo("expected nothing after the closing ] here");
    assertThat(trailing.errorOffset()).isEqualTo(6);

    assertThat(ExecForm.parse("[\"a\", \"b c\"]").argv()).isEqualTo(List.of("a", "b c"));
  }
}
