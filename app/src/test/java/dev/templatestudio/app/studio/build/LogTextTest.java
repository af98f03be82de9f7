package dev.templatestudio.app.studio.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.fxmisc.richtext.model.StyleSpan;
import org.junit.jupiter.api.Test;

class LogTextTest {
  @Test
  void ansiColoursBecomeStyleClassesAndEscapesDisappear() {
    List<String> runs = new ArrayList<>();
    AnsiText.split("a\u001b[1;31mred\u001b[0m b\u001b[2Kc", (text, style) -> runs.add(text + "|" + style));
    assertThat(runs).containsExactly("a|", "red|ansi-fg-31 ansi-bold", " b|", "c|");
    assertThat(AnsiText.strip("\u001b[32mok\u001b[39m")).isEqualTo("ok");
    assertThat(AnsiText.strip("plain")).isEqualTo("plain");
  }

  @Test
  void aTruncatedEscapeDoesNotThrow() {
    assertThat(AnsiText.strip("x\u001b[3")).isEqualTo("x");
    assertThat(AnsiText.strip("x\u001b")).isEqualTo("x");
  }

  @Test
  void aChunkHasOneStyleSpanPerRunAndCountsLines() {
    LogChunk chunk = new LogChunk.Builder().add("#1 ", "log-prefix").add("a", "").add("b", "").newline()
        .add("x", "log-header").newline().build();
    assertThat(chunk.text()).isEqualTo("#1 ab\nx\n");
    assertThat(chunk.lines()).isEqualTo(2);
    List<Collection<String>> styles = new ArrayList<>();
    int length = 0;
    for (StyleSpan<Collection<String>> s : chunk.spans()) {
      styles.add(s.getStyle());
      length += s.getLength();
    }
    assertThat(length).isEqualTo(chunk.text().length());
    assertThat(styles).containsExactly(List.of("log-prefix"), List.of(), List.of("log-header"), List.of());
  }

  @Test
  void theRingKeepsTheNewestLinesWithTheirStylesAndCountsTheRest() {
    LogRing ring = new LogRing(3);
    for (int i = 0; i < 5; i++) {
      ring.add("#1 ", "log-prefix").add("line " + i, i % 2 == 0 ? "" : "ansi-fg-32").newline();
    }
    assertThat(ring.total()).isEqualTo(5);
    assertThat(ring.since(0, 10)).extracting(LogLine::text).containsExactly("#1 line 2", "#1 line 3", "#1 line 4");
    assertThat(ring.since(4, 10)).extracting(LogLine::text).containsExactly("#1 line 4");
    assertThat(ring.since(0, 1)).extracting(LogLine::text).containsExactly("#1 line 4");
    LogChunk chunk = new LogChunk.Builder().addLine(ring.since(3, 10)[0]).build();
    assertThat(chunk.text()).isEqualTo("#1 line 3\n");
    assertThat(chunk.spans().getStyleSpan(1).getStyle()).containsExactly("ansi-fg-32");
  }
}
