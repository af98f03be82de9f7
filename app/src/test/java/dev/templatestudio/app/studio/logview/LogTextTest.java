package dev.templatestudio.app.studio.logview;

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
  void aChunkIsOneDocumentWithTheLinesStylesAndSectionHeaders() {
    LogRing ring = new LogRing(10);
    ring.add("#1 [1/2] RUN make", "log-header").sectionHeader(1);
    ring.add("#1 ", "log-prefix").add("a", "").add("b", "").newline();
    LogChunk chunk = LogChunk.of(ring.since(0, 10), 7);
    assertThat(chunk.text()).isEqualTo("#1 [1/2] RUN make\n#1 ab\n");
    assertThat(chunk.lines()).isEqualTo(2);
    assertThat(chunk.firstLine()).isEqualTo(7);
    assertThat(chunk.document().getParagraph(0).getParagraphStyle()).containsExactly(LogChunk.SECTION);
    assertThat(chunk.document().getParagraph(1).getParagraphStyle()).isEmpty();
    List<Collection<String>> styles = new ArrayList<>();
    for (StyleSpan<Collection<String>> s : chunk.document().getParagraph(1).getStyleSpans()) {
      styles.add(s.getStyle());
    }
    assertThat(styles).containsExactly(List.of("log-prefix"), List.of());
  }

  @Test
  void aFoldedHeaderSaysHowManyLinesItHides() {
    LogRing ring = new LogRing(10);
    ring.add("#3 [3/9] RUN make", "log-header").sectionHeader(3);
    LogLine header = ring.since(0, 1)[0];
    assertThat(header.section()).isEqualTo(3);
    assertThat(header.foldedWith(1234).text()).isEqualTo("#3 [3/9] RUN make  (1,234 lines hidden)");
    assertThat(header.foldedWith(1).text()).endsWith("(1 line hidden)");
    assertThat(LogChunk.of(new LogLine[] {header.foldedWith(2)}, 0).document().getParagraph(0).getParagraphStyle())
        .containsExactly(LogChunk.SECTION, LogChunk.FOLDED);
  }

  @Test
  void aLinesStepComesFromItsPrefix() {
    assertThat(FoldGutter.stepOf("#3 [3/9] RUN make")).isEqualTo(3);
    assertThat(FoldGutter.stepOf("#12 compiling")).isEqualTo(12);
    assertThat(FoldGutter.stepOf("#12")).isEqualTo(12);
    assertThat(FoldGutter.stepOf("#x")).isEqualTo(-1);
    assertThat(FoldGutter.stepOf("#3a")).isEqualTo(-1);
    assertThat(FoldGutter.stepOf("Building 3 steps")).isEqualTo(-1);
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
    LogChunk chunk = LogChunk.of(new LogLine[] {ring.since(3, 10)[0]}, 3);
    assertThat(chunk.text()).isEqualTo("#1 line 3\n");
    assertThat(chunk.document().getParagraph(0).getStyleSpans().getStyleSpan(1).getStyle()).containsExactly("ansi-fg-32");
  }

  @Test
  void packedLinesReadBackWithEveryRunTheirStylesAndSections() {
    LogRing batch = new LogRing(Integer.MAX_VALUE);
    String longRun = "x".repeat(70_000);
    batch.add("#2 ", "log-prefix").add("caf\u00e9 \u65e5\u672c \ud83d\ude80", "ansi-fg-32 ansi-bold").add(longRun, "").newline();
    batch.newline();
    batch.add("#2 [2/3] RUN make", "log-header").sectionHeader(2);
    LogRing ring = new LogRing(10);
    ring.addAll(batch);
    LogLine[] lines = ring.since(0, 10);
    assertThat(lines).extracting(LogLine::text).containsExactly(
        "#2 caf\u00e9 \u65e5\u672c \ud83d\ude80" + longRun, "", "#2 [2/3] RUN make");
    assertThat(lines).extracting(LogLine::section).containsExactly(-1, -1, 2);
    assertThat(lines[0].runs()).extracting(r -> r.getStyle()).containsExactly(
        List.of("log-prefix"), List.of("ansi-fg-32", "ansi-bold"), List.of());
    assertThat(ring.get(2).text()).isEqualTo("#2 [2/3] RUN make");
  }
}
