package dev.templatestudio.bridge.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** BuildKit's word expansion on template values (quotes gone, {@code \$} a literal dollar). */
class WordExpansionTest {
  private static final Map<String, String> VARS = Map.of("PATH", "/usr/bin:/bin", "APPDIR", "/srv/app",
      "EMPTY", "", "X1", "one");

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "/opt/bin:$PATH            | /opt/bin:/usr/bin:/bin",
      "${APPDIR}/x               | /srv/app/x",
      "$APPDIR/site/             | /srv/app/site/",
      "\\$literal                | $literal",
      "a\\b\\\\c                 | a\\b\\\\c",
      "\\\\$X1                   | \\$X1",
      "$NOPE/x                   | /x",
      "${NOPE:-dflt}             | dflt",
      "${EMPTY:-dflt}            | dflt",
      "${EMPTY-dflt}             | ~~",
      "${NOPE-dflt}              | dflt",
      "${APPDIR:+set}            | set",
      "${EMPTY:+set}             | ~~",
      "${EMPTY+set}              | set",
      "${NOPE:-${APPDIR}/d}      | /srv/app/d",
      "${NOPE:-\\$APPDIR}        | $APPDIR",
      "cost $ 5 $/x $            | cost $ 5 $/x $",
      "$X1$X1                    | oneone",
      "${X1}_2.$X1_2.            | one_2..",
      "'$X1' \"$X1\"             | 'one' \"one\"",
      "${X1:?must be set}        | one",
  })
  void expandsAsBuildKitDoes(String value, String expected) throws Exception {
    assertThat(WordExpansion.expand(value.strip(), VARS)).isEqualTo(expected == null ? "" : expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "${APPDIR             | a \"${\" is never closed with \"}\"",
      "${NOPE:-x            | a \"${\" is never closed with \"}\"",
      "${}                  | \"${}\" is a bad substitution",
      "${APPDIR#/srv}       | \"${APPDIR#…\": only ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:+alt}, ${NAME+alt}, ${NAME:?message} and ${NAME?message} are supported",
      "${NOPE:?give NOPE}   | NOPE: give NOPE",
      "${NOPE?}             | NOPE: is not allowed to be unset",
      "${EMPTY:?}           | EMPTY: is not allowed to be empty",
  })
  void saysWhyAValueCannotBeExpanded(String value, String why) {
    assertThatThrownBy(() -> WordExpansion.expand(value.strip(), VARS)).hasMessage(why.strip());
  }

  @org.junit.jupiter.api.Test
  void nestingIsRefusedPastItsLimitInsteadOfOverflowingTheStack() throws Exception {
    String ok = "${NOPE:-".repeat(WordExpansion.MAX_NESTING) + "x" + "}".repeat(WordExpansion.MAX_NESTING);
    assertThat(WordExpansion.expand(ok, VARS)).isEqualTo("x");
    String deep = "${NOPE:-".repeat(100_000) + "x" + "}".repeat(100_000);
    assertThatThrownBy(() -> WordExpansion.expand(deep, VARS)).isInstanceOf(WordExpansion.Unexpandable.class)
        .hasMessage("\"${\" is nested more than 64 deep");
  }
}
