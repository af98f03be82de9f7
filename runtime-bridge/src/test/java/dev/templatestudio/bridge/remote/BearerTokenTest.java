package dev.templatestudio.bridge.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.templatestudio.bridge.build.RuntimeUnavailableException;
import org.junit.jupiter.api.Test;

/** A token that cannot go into an Authorization header is refused where it is given, naming its source. */
class BearerTokenTest {
  private static final String URL = "http://127.0.0.1:1";

  @Test
  void aTokenAsServeWritesItIsTakenWithoutItsLineEnd() throws Exception {
    assertThat(BearerToken.check("  0123abcdef\n", "F")).isEqualTo("0123abcdef");
  }

  @Test
  void theRemoteRuntimeRefusesATokenItCouldNotSend() {
    assertThatThrownBy(() -> new HttpRuntime(URL, "abc\ndef"))
        .isInstanceOf(RuntimeUnavailableException.class)
        .hasMessage("the token for " + URL
            + " is not one line of visible ASCII characters: it has a line break");
    assertThatThrownBy(() -> new HttpRuntime(URL, "abc\u00e9"))
        .hasMessageEndingWith("it has a character outside ASCII");
    assertThatThrownBy(() -> new HttpRuntime(URL, "ab\tc")).hasMessageEndingWith("it has a tab");
    assertThatThrownBy(() -> new HttpRuntime(URL, "ab c")).hasMessageEndingWith("it has a space");
    assertThatThrownBy(() -> new HttpRuntime(URL, "ab\u0007c")).hasMessageEndingWith("it has a control character");
  }
}
