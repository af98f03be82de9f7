package dev.templatestudio.app.studio.logview;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogMatchTest {
  @Test
  void matchesIgnoreCaseBeyondAsciiAndDoNotOverlap() {
    String q = LogMatch.fold("ÄbA");
    String text = "xäbaäBaBA äba";
    assertThat(LogMatch.count(text, q)).isEqualTo(3);
    assertThat(LogMatch.nth(text, q, 1)).isEqualTo(4);
    assertThat(LogMatch.nth(text, q, 3)).isEqualTo(-1);
    assertThat(LogMatch.before(text, q, 4)).isEqualTo(1);
    assertThat(LogMatch.before(text, q, 5)).isEqualTo(2);
    assertThat(LogMatch.count("aaaa", "aa")).isEqualTo(2);
    assertThat(LogMatch.count("a", "aa")).isZero();
  }
}
