package dev.templatestudio.bridge.embedded.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A process's output as lines: the breaks readLine knows, a long line cut at 16 KB. */
class OutputLinesTest {
  private static List<String> lines(String text) throws Exception {
    List<String> out = new ArrayList<>();
    SandboxProcess.lines(new StringReader(text), out::add);
    return out;
  }

  @Test
  void linesEndAtEveryKindOfBreak() throws Exception {
    assertThat(lines("a\r\nb\rc\n\nd")).containsExactly("a", "b", "c", "", "d");
    assertThat(lines("a\n")).containsExactly("a");
    assertThat(lines("")).isEmpty();
  }

  @Test
  void aLongLineIsCutAndTheNextStartsWhole() throws Exception {
    List<String> out = lines("x".repeat(100_000) + "\nnext");
    assertThat(out).hasSize(2);
    assertThat(out.get(0)).hasSize(16 * 1024 + 2).endsWith("x …");
    assertThat(out.get(1)).isEqualTo("next");
  }
}
