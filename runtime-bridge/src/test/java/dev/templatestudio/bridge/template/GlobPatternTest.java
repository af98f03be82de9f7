package dev.templatestudio.bridge.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Copy-source patterns follow Go's filepath.Match, one path segment at a time. */
class GlobPatternTest {

  private static boolean matches(String pattern, String name) throws Exception {
    return GlobPattern.compile(pattern).matcher(name).matches();
  }

  @Test
  void starAndQuestionMarkStayWithinASegmentAndMatchDotFiles() throws Exception {
    assertThat(matches("*.py", "main.py")).isTrue();
    assertThat(matches("*.py", ".hidden.py")).as("Go has no dot-file rule").isTrue();
    assertThat(matches("*.py", "main.pyc")).isFalse();
    assertThat(matches("requirements*.txt", "requirements-dev.txt")).isTrue();
    assertThat(matches("data?.csv", "data1.csv")).isTrue();
    assertThat(matches("data?.csv", "data10.csv")).isFalse();
    assertThat(matches("**", "anything")).as("** is just *").isTrue();
    assertThat(matches("a.b", "axb")).as("dots are literal").isFalse();
  }

  @Test
  void characterClassesWithRangesNegationAndEscapes() throws Exception {
    assertThat(matches("data[0-9].csv", "data7.csv")).isTrue();
    assertThat(matches("data[0-9].csv", "dataA.csv")).isFalse();
    assertThat(matches("[^a-c]x", "dx")).isTrue();
    assertThat(matches("[^a-c]x", "bx")).isFalse();
    assertThat(matches("[!a]x", "!x")).as("only ^ negates in Go").isTrue();
    assertThat(matches("[\\]]", "]")).isTrue();
    assertThat(matches("\\*", "*")).isTrue();
    assertThat(matches("\\*", "a")).isFalse();
    assertThat(matches("[z-a]", "m")).as("a reversed range never matches").isFalse();
  }

  @Test
  void badPatternsAreRefusedWithAReason() {
    assertThatThrownBy(() -> GlobPattern.compile("[abc")).hasMessageContaining("closing ]");
    assertThatThrownBy(() -> GlobPattern.compile("[]a]")).hasMessageContaining("bare ']'");
    assertThatThrownBy(() -> GlobPattern.compile("[a-]")).hasMessageContaining("bare ']'");
    assertThatThrownBy(() -> GlobPattern.compile("a\\")).hasMessageContaining("escaping");
    assertThat(GlobPattern.problem("src/[abc/x")).contains("closing ]");
    assertThat(GlobPattern.problem("src/*.py")).isNull();
  }

  @Test
  void onlyUnescapedWildcardsMakeAPattern() {
    assertThat(GlobPattern.hasMeta("app/*.py")).isTrue();
    assertThat(GlobPattern.hasMeta("a[12]")).isTrue();
    assertThat(GlobPattern.hasMeta("app/main.py")).isFalse();
    assertThat(GlobPattern.hasMeta("a\\*")).isFalse();
  }
}
