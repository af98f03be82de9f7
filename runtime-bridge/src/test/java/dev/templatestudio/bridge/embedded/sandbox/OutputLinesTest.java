package dev.templatestudio.bridge.embedded.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A process's output as lines: the breaks readLine knows, a long line cut at 16 KB; the same
 * from an exec agent's chunks of bytes, wherever a chunk ends.
 */
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

  /** {@code text}'s UTF-8 bytes given to a {@link LineSplitter} in chunks of {@code size}. */
  private static List<String> chunked(String text, int size) {
    List<String> out = new ArrayList<>();
    LineSplitter splitter = new LineSplitter(out::add);
    byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i += size) {
      splitter.add(java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + size)));
    }
    splitter.finish();
    return out;
  }

  @Test
  void chunksOfBytesGiveTheSameLinesWhereverTheyEnd() throws Exception {
    String text = "a\r\nb\rc\n\nd é€😀 e\n" + "ü".repeat(20_000) + "\nnext";
    for (int size : new int[] {1, 2, 3, 7, 4096, 1 << 20}) {
      assertThat(chunked(text, size)).as("chunks of %d", size).isEqualTo(lines(text));
    }
    assertThat(chunked("a\n", 1)).containsExactly("a");
    assertThat(chunked("", 1)).isEmpty();
  }
}
