package dev.templatestudio.app.studio.logview;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LineNumbersTest {
  @Test
  void contiguousLinesAreOneRun() {
    LineNumbers n = new LineNumbers();
    n.reset(100, 10);
    n.appended(110, 5);
    n.prepended(90, 10);
    assertThat(n.size()).isEqualTo(25);
    assertThat(n.paragraphOf(90)).isZero();
    assertThat(n.paragraphOf(114)).isEqualTo(24);
    assertThat(n.paragraphOf(115)).isEqualTo(-1);
    assertThat(n.paragraphOf(89)).isEqualTo(-1);
    assertThat(n.lineAt(12)).isEqualTo(102);
  }

  @Test
  void linesAppendedAfterAGapAreFoundWhereTheyAre() {
    LineNumbers n = new LineNumbers();
    n.reset(0, 10);
    n.appended(500, 8);
    n.appended(900, 8);
    assertThat(n.paragraphOf(9)).isEqualTo(9);
    assertThat(n.paragraphOf(10)).as("skipped").isEqualTo(-1);
    assertThat(n.paragraphOf(500)).isEqualTo(10);
    assertThat(n.paragraphOf(907)).isEqualTo(25);
    assertThat(n.paragraphOf(908)).isEqualTo(-1);
    assertThat(n.lineAt(18)).isEqualTo(900);
  }

  @Test
  void trimmingKeepsTheNumbersOfWhatStays() {
    LineNumbers n = new LineNumbers();
    n.reset(0, 10);
    n.appended(500, 8);
    n.appended(900, 8);
    n.trimmed(12);
    assertThat(n.size()).isEqualTo(14);
    assertThat(n.paragraphOf(501)).isEqualTo(-1);
    assertThat(n.paragraphOf(502)).isZero();
    assertThat(n.paragraphOf(900)).isEqualTo(6);
    n.trimmed(14);
    assertThat(n.size()).isZero();
    assertThat(n.paragraphOf(907)).isEqualTo(-1);
    n.appended(1000, 2);
    assertThat(n.paragraphOf(1001)).isEqualTo(1);
  }

  @Test
  void anEmptyReplaceHoldsNothing() {
    LineNumbers n = new LineNumbers();
    n.reset(40, 0);
    assertThat(n.paragraphOf(40)).isEqualTo(-1);
    assertThat(n.lineAt(0)).isEqualTo(-1);
  }
}
